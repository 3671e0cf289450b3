package xxftp.ftp.guard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A client as the defender and the per-address limits count it: an IPv4 address, or the /64 an
 * IPv6 address lies in (one subscriber usually holds a whole /64 and can pick any address in it).
 */
public record ClientKey(String text) {

    private static final int IPV6_PREFIX_BYTES = 8;

    public static ClientKey of(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            if (isMappedIpv4(bytes)) {
                return new ClientKey(ipv4(Arrays.copyOfRange(bytes, 12, 16)).getHostAddress());
            }
            byte[] prefix = Arrays.copyOf(bytes, 16);
            Arrays.fill(prefix, IPV6_PREFIX_BYTES, 16, (byte) 0);
            return new ClientKey(ipv6(prefix).getHostAddress() + "/64");
        }
        return new ClientKey(address.getHostAddress());
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isMappedIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress ipv6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
