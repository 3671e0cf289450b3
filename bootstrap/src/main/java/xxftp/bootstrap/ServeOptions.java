package xxftp.bootstrap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import xxftp.ftp.FtpConfig;

/**
 * {@code xxftp serve}'s command line, validated: the root and the FTP adapter's settings.
 *
 * @param createStarterTree the root was not given and does not exist yet: make a starter tree
 */
record ServeOptions(Path root, boolean createStarterTree, FtpConfig ftp) {

    /** Where {@code serve} without {@code --root} keeps its tree: beside the working directory. */
    static final Path DEFAULT_ROOT = Path.of("xxftp-root");

    static final String HELP = """
            Usage: xxftp serve [--root DIR] [--listen HOST:PORT] [--passive-ports LOW-HIGH]
                               [--public-address IPV4] [--max-connections N] [--idle-timeout SECONDS]

            Serves the xxftp tree in DIR over FTP.
              --root DIR              the served tree; must exist. Default: ./xxftp-root, created
                                      with a starter tree (anonymous read-only, incoming drop box)
              --listen HOST:PORT      control connection address (default 0.0.0.0:2121; [::]:2121 for IPv6)
              --passive-ports L-H     passive data ports (default: any free port)
              --public-address IPV4   address announced in PASV replies, behind NAT
              --max-connections N     sessions at once (default 200); one more gets 421
              --idle-timeout SECONDS  close silent control connections (default 300)
            """;

    private static final Set<String> VALUED = Set.of("root", "listen", "passive-ports", "public-address",
            "max-connections", "idle-timeout");

    static ServeOptions parse(List<String> args) {
        Flags flags = Flags.parse(args, VALUED, Set.of());
        if (!flags.positional().isEmpty()) {
            throw new UsageError("unexpected argument '" + flags.positional().getFirst() + "'");
        }
        Path root = flags.value("root").map(Path::of).orElse(DEFAULT_ROOT);
        boolean starter = false;
        if (flags.isSet("root")) {
            if (!Files.isDirectory(root)) {
                throw new UsageError("--root " + root + " is not an existing directory");
            }
        } else {
            starter = !Files.exists(root);
        }
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
        return new ServeOptions(root, starter, ftp);
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
