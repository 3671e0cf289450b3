package xxftp.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare control connection: send any bytes, read whole (multi-line) replies. */
public final class RawFtp implements AutoCloseable {

    /** A reply: its code and every line as received. */
    public record Reply(int code, List<String> lines) {
        private static final Pattern EPSV_PORT = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");

        public String text() {
            return String.join("\n", lines);
        }

        /** The port a 229 reply to EPSV names (RFC 2428); fails the test when it names none. */
        public int epsvPort() {
            Matcher port = EPSV_PORT.matcher(text());
            if (!port.find()) {
                throw new AssertionError("not an EPSV reply: " + text());
            }
            return Integer.parseInt(port.group(1));
        }
    }

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Reply greeting;

    RawFtp(String host, int port) throws IOException {
        this(host, port, null);
    }

    /** From a given local address (127.0.0.2 and up reach a server on 127.0.0.1), or any when null. */
    RawFtp(String host, int port, InetAddress from) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        greeting = read();
    }

    public Reply greeting() {
        return greeting;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends a line with CRLF and reads the reply. */
    public Reply send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return read();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one reply, following RFC 959's multi-line form; null when the server closed. */
    public Reply read() throws IOException {
        String first = in.readLine();
        if (first == null) {
            return null;
        }
        List<String> lines = new ArrayList<>(List.of(first));
        if (first.length() >= 4 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed inside a multi-line reply");
                }
                lines.add(line);
            } while (!line.startsWith(end));
        }
        return new Reply(Integer.parseInt(first.substring(0, 3)), lines);
    }

    /** Logs in with USER (and PASS when asked). */
    public Reply login(String user, String password) throws IOException {
        Reply reply = send("USER " + user);
        return reply.code() == 331 ? send("PASS " + password) : reply;
    }

    /**
     * EPSV, then STOR of {@code data} over a data connection to {@code dataHost}: the final reply's
     * code, or the STOR's own when it opens no transfer. A refusal may cut the data connection
     * before everything is sent; the reply still comes.
     */
    public int upload(String dataHost, String name, byte[] data) throws IOException {
        int port = send("EPSV").epsvPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(dataHost, port), 5_000);
            int opened = send("STOR " + name).code();
            if (opened != 150 && opened != 125) {
                return opened;
            }
            try {
                socket.getOutputStream().write(data);
                socket.shutdownOutput();
                socket.getInputStream().readAllBytes();
            } catch (IOException refusedMidway) {
                // the reply below says why
            }
        }
        return read().code();
    }

    /** True when the server has closed the connection (reads until end of stream). */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.readLine() == null) {
                    return true;
                }
            }
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
