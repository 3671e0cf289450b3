package xxftp.ftp.proxy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header a load balancer puts before a connection's first byte: HAProxy's PROXY protocol,
 * version 1 (a text line) and 2 (binary), read byte by byte so nothing after it is consumed.
 * Ours rather than Netty's codec-haproxy, which decodes only inside a Netty pipeline.
 */
public sealed interface ProxyHeader {

    /** The balancer relays a client: {@code source} is the client, {@code destination} what it reached. */
    record Proxied(InetSocketAddress source, InetSocketAddress destination) implements ProxyHeader {}

    /**
     * The balancer speaks for itself (v2 LOCAL, a health check) or does not know the client
     * (v1 UNKNOWN): the spec says to use the connection's own addresses.
     */
    record Local() implements ProxyHeader {}

    /** Spec 2.1: 107 bytes, CRLF included, for the longest TCP6 line. */
    int V1_MAX_BYTES = 107;
    /** Spec 2.2: the v2 signature, chosen so a server not expecting it sees QUIT. */
    byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** Reads one header of either version from the start of {@code in}. */
    static ProxyHeader read(InputStream in) throws IOException {
        int first = in.read();
        if (first == 'P') {
            return readV1(in);
        }
        if (first == V2_SIGNATURE[0]) {
            return readV2(new DataInputStream(in));
        }
        throw new MalformedProxyHeader(first < 0 ? "connection closed before a PROXY header" : "no PROXY header");
    }

    private static ProxyHeader readV1(InputStream in) throws IOException {
        byte[] line = new byte[V1_MAX_BYTES];
        line[0] = 'P';
        int length = 1;
        while (length < 2 || line[length - 2] != '\r' || line[length - 1] != '\n') {
            if (length == V1_MAX_BYTES) {
                throw new MalformedProxyHeader("v1 header longer than " + V1_MAX_BYTES + " bytes");
            }
            int next = in.read();
            if (next < 0) {
                throw new MalformedProxyHeader("v1 header cut short");
            }
            if (next == '\n' && line[length - 1] != '\r') {
                throw new MalformedProxyHeader("v1 header ends in a bare LF");
            }
            line[length++] = (byte) next;
        }
        return parseV1(new String(line, 0, length - 2, StandardCharsets.US_ASCII));
    }

    /** Spec 2.1: {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT}, single spaces, or {@code PROXY UNKNOWN ...}. */
    static ProxyHeader parseV1(String line) throws MalformedProxyHeader {
        if (line.equals("PROXY UNKNOWN") || line.startsWith("PROXY UNKNOWN ")) {
            return new Local();
        }
        String[] words = line.split(" ", -1);
        if (words.length != 6 || !words[0].equals("PROXY") || !(words[1].equals("TCP4") || words[1].equals("TCP6"))) {
            throw new MalformedProxyHeader("not a v1 header");
        }
        int size = words[1].equals("TCP4") ? 4 : 16;
        return new Proxied(new InetSocketAddress(v1Address(words[2], size), v1Port(words[4])),
                new InetSocketAddress(v1Address(words[3], size), v1Port(words[5])));
    }

    private static InetAddress v1Address(String text, int size) throws MalformedProxyHeader {
        // literals only: a name must never make us look it up
        boolean literal = size == 4 ? text.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")
                : text.contains(":") && text.matches("[0-9A-Fa-f:.]{2,45}");
        if (!literal) {
            throw new MalformedProxyHeader("not an address of its family in a v1 header");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new MalformedProxyHeader("not an address in a v1 header");
        }
    }

    private static int v1Port(String text) throws MalformedProxyHeader {
        if (!text.matches("0|[1-9]\\d{0,4}") || Integer.parseInt(text) > 65535) {
            throw new MalformedProxyHeader("not a port in a v1 header");
        }
        return Integer.parseInt(text);
    }

    /** Spec 2.2: signature, version and command, family and transport, length, addresses, then TLVs (skipped). */
    private static ProxyHeader readV2(DataInputStream in) throws IOException {
        byte[] signature = new byte[V2_SIGNATURE.length];
        signature[0] = V2_SIGNATURE[0];
        in.readFully(signature, 1, signature.length - 1);
        if (!Arrays.equals(signature, V2_SIGNATURE)) {
            throw new MalformedProxyHeader("not a v2 signature");
        }
        int versionCommand = in.readUnsignedByte();
        int familyTransport = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] rest = new byte[length];
        in.readFully(rest);
        if (versionCommand >> 4 != 2 || (versionCommand & 0xf) > 1) {
            throw new MalformedProxyHeader("v2 header of an unknown version or command");
        }
        if ((versionCommand & 0xf) == 0) {
            return new Local();
        }
        int size = switch (familyTransport) {
            case 0x11 -> 4;  // TCP over IPv4
            case 0x21 -> 16; // TCP over IPv6
            default -> throw new MalformedProxyHeader("v2 header for something other than TCP");
        };
        if (length < 2 * size + 4) {
            throw new MalformedProxyHeader("v2 header too short for its addresses");
        }
        InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(rest, 0, size));
        InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(rest, size, 2 * size));
        int ports = 2 * size;
        return new Proxied(new InetSocketAddress(source, (rest[ports] & 0xff) << 8 | rest[ports + 1] & 0xff),
                new InetSocketAddress(destination, (rest[ports + 2] & 0xff) << 8 | rest[ports + 3] & 0xff));
    }
}
