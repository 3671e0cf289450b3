package xxftp.ftp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import xxftp.ftp.guard.GuardSettings;
import xxftp.ftp.proxy.ProxyProtocol;

/**
 * The FTP adapter's settings, validated on construction.
 *
 * @param listen          control connection address; port 0 picks a free port (tests)
 * @param passivePorts    where passive data listeners bind
 * @param publicAddress   the IPv4 address to announce in PASV replies behind NAT; empty: the
 *                        address the client connected to
 * @param maxConnections  sessions at once; one more is answered 421 and closed
 * @param idleTimeout     a control connection silent this long is answered 421 and closed
 * @param dataTimeout     how long to wait for a data connection, and for a stalled one
 * @param tls             FTPS (AUTH TLS, and implicit TLS when it names an address); empty: plain FTP only
 * @param guard           bans and per-client limits
 * @param proxy           the load balancers that send PROXY headers
 */
public record FtpConfig(InetSocketAddress listen, PortRange passivePorts, Optional<Inet4Address> publicAddress,
                        int maxConnections, Duration idleTimeout, Duration dataTimeout, Optional<FtpTls> tls,
                        GuardSettings guard, ProxyProtocol proxy) {

    public static final int DEFAULT_PORT = 2121;
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofSeconds(30);

    /** Not behind a balancer that sends PROXY headers. */
    public FtpConfig(InetSocketAddress listen, PortRange passivePorts, Optional<Inet4Address> publicAddress,
                     int maxConnections, Duration idleTimeout, Duration dataTimeout, Optional<FtpTls> tls,
                     GuardSettings guard) {
        this(listen, passivePorts, publicAddress, maxConnections, idleTimeout, dataTimeout, tls, guard, ProxyProtocol.OFF);
    }

    public FtpConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (dataTimeout.isNegative() || dataTimeout.isZero()) {
            throw new IllegalArgumentException("data timeout must be positive");
        }
    }

    /** A range of TCP ports; {@link #ANY} lets the system choose. */
    public record PortRange(int low, int high) {

        public static final PortRange ANY = new PortRange(0, 0);

        public PortRange {
            boolean any = low == 0 && high == 0;
            if (!any && (low < 1024 || high > 65535 || low > high)) {
                throw new IllegalArgumentException("passive ports must be a range within 1024-65535, low-high");
            }
        }

        /** Parses "LOW-HIGH". */
        public static PortRange parse(String text) {
            String[] ends = text.split("-", -1);
            if (ends.length != 2) {
                throw new IllegalArgumentException("passive ports must look like 50000-50100");
            }
            try {
                return new PortRange(Integer.parseInt(ends[0].trim()), Integer.parseInt(ends[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("passive ports must look like 50000-50100");
            }
        }

        public boolean isAny() {
            return low == 0 && high == 0;
        }

        public int size() {
            return isAny() ? 1 : high - low + 1;
        }
    }
}
