package xxftp.bootstrap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import xxftp.ftp.FtpConfig;

/**
 * {@code xxftp serve}'s command line, validated: where the tree lives and the FTP settings.
 *
 * @param createStarterTree no tree was named and ./xxftp-root does not exist yet: make a starter tree
 */
record ServeOptions(StorageOptions storage, boolean createStarterTree, FtpConfig ftp) {

    /** Where {@code serve} without --root or a bucket keeps its tree: beside the working directory. */
    static final Path DEFAULT_ROOT = Path.of("xxftp-root");

    static final String HELP = """
            Usage: xxftp serve [--root DIR | --backend s3 --s3-bucket NAME [--s3-prefix P]]
                               [--s3-endpoint URL] [--s3-region R] [--s3-path-style]
                               [--listen HOST:PORT] [--passive-ports LOW-HIGH] [--public-address IPV4]
                               [--max-connections N] [--idle-timeout SECONDS]

            Serves an xxftp tree over FTP. Without --root or a bucket it serves ./xxftp-root,
            created on first start with a starter tree (anonymous read-only, an incoming drop box).
            """ + StorageOptions.HELP + """
              --listen HOST:PORT      control connection address (default 0.0.0.0:2121; [::]:2121 for IPv6)
              --passive-ports L-H     passive data ports (default: any free port)
              --public-address IPV4   address announced in PASV replies, behind NAT
              --max-connections N     sessions at once (default 200); one more gets 421
              --idle-timeout SECONDS  close silent control connections (default 300)
            """;

    private static final Set<String> VALUED = union(StorageOptions.VALUED,
            Set.of("listen", "passive-ports", "public-address", "max-connections", "idle-timeout"));

    static ServeOptions parse(List<String> args) {
        Flags flags = Flags.parse(args, VALUED, StorageOptions.SWITCHES);
        if (!flags.positional().isEmpty()) {
            throw new UsageError("unexpected argument '" + flags.positional().getFirst() + "'");
        }
        StorageOptions storage = StorageOptions.parse(flags, Optional.of(DEFAULT_ROOT));
        boolean starter = storage instanceof StorageOptions.Local && !flags.isSet("root") && !Files.exists(DEFAULT_ROOT);
        InetSocketAddress listen = listen(flags.value("listen").orElse("0.0.0.0:" + FtpConfig.DEFAULT_PORT));
        FtpConfig.PortRange passive;
        try {
            passive = flags.value("passive-ports").map(FtpConfig.PortRange::parse).orElse(FtpConfig.PortRange.ANY);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--passive-ports: " + e.getMessage());
        }
        Optional<Inet4Address> publicAddress = flags.value("public-address").map(ServeOptions::ipv4);
        int maxConnections = flags.intValue("max-connections", FtpConfig.DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        int idleSeconds = flags.intValue("idle-timeout", (int) FtpConfig.DEFAULT_IDLE_TIMEOUT.toSeconds(), 1, 86_400);
        FtpConfig ftp = new FtpConfig(listen, passive, publicAddress, maxConnections,
                Duration.ofSeconds(idleSeconds), FtpConfig.DEFAULT_DATA_TIMEOUT);
        return new ServeOptions(storage, starter, ftp);
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** "HOST:PORT", "[v6]:PORT" or ":PORT". */
    static InetSocketAddress listen(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageError("--listen must look like HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageError("--listen port must be a number, not '" + text.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UsageError("--listen port must be 0-65535");
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UsageError("--listen host '" + host + "' is unknown");
        }
    }

    private static Inet4Address ipv4(String text) {
        try {
            if (InetAddress.getByName(text) instanceof Inet4Address v4) {
                return v4;
            }
        } catch (UnknownHostException e) {
            // reported below
        }
        throw new UsageError("--public-address must be an IPv4 address, not '" + text + "'");
    }
}
