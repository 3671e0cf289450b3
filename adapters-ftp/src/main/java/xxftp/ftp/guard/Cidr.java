package xxftp.ftp.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a block of one. */
public record Cidr(byte[] network, int prefixBits) {

    /** Parses {@code ADDRESS[/BITS]}; only literal addresses, never a host name to look up. */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an address block: '" + text + "'");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address block: '" + text + "'");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an address block: '" + text + "'");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
            }
        }
        return new Cidr(bytes, bits);
    }

    /** Parses a comma list; blank means none. */
    public static List<Cidr> parseList(String text) {
        List<Cidr> blocks = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                blocks.add(parse(part));
            }
        }
        return List.copyOf(blocks);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefixBits == prefixBits && Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
