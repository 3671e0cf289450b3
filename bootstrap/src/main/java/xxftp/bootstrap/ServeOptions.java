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
import javax.net.ssl.SSLContext;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpTls;

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

            FTPS (RFC 4217: AUTH TLS on the FTP port, TLS 1.2 and 1.3 only):
              --tls-cert FILE --tls-key FILE   certificate chain and private key, PEM
              --tls-keystore FILE              or a PKCS#12 keystore, with its password in
              --tls-keystore-password P        this flag or XXFTP_TLS_KEYSTORE_PASSWORD
              --tls-required          refuse USER/PASS before AUTH TLS (530)
              --tls-implicit-listen HOST:PORT  also serve implicit FTPS (TLS from the first byte; 990)
              --tls-no-session-reuse  let protected data connections start new TLS sessions, for
                                      clients that can't resume the control connection's session
              --tls-13                offer TLS 1.3 besides 1.2 (curl 7.x and lftp then lose the end
                                      of protected uploads: they don't read TLS 1.3 session tickets)
            """;

    private static final Set<String> VALUED = union(StorageOptions.VALUED,
            Set.of("listen", "passive-ports", "public-address", "max-connections", "idle-timeout",
                    "tls-cert", "tls-key", "tls-keystore", "tls-keystore-password", "tls-implicit-listen"));
    private static final Set<String> SWITCHES = union(StorageOptions.SWITCHES, Set.of("tls-required", "tls-no-session-reuse", "tls-13"));

    static ServeOptions parse(List<String> args) {
        Flags flags = Flags.parse(args, VALUED, SWITCHES);
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
                Duration.ofSeconds(idleSeconds), FtpConfig.DEFAULT_DATA_TIMEOUT, tls(flags));
        return new ServeOptions(storage, starter, ftp);
    }

    private static Optional<FtpTls> tls(Flags flags) {
        boolean pem = flags.isSet("tls-cert") || flags.isSet("tls-key");
        boolean keystore = flags.isSet("tls-keystore");
        if (!pem && !keystore) {
            for (String needsTls : List.of("tls-required", "tls-implicit-listen", "tls-no-session-reuse", "tls-keystore-password", "tls-13")) {
                if (flags.isSet(needsTls)) {
                    throw new UsageError("--" + needsTls + " needs --tls-cert/--tls-key or --tls-keystore");
                }
            }
            return Optional.empty();
        }
        if (pem && keystore) {
            throw new UsageError("give either --tls-cert and --tls-key, or --tls-keystore");
        }
        SSLContext context;
        if (pem) {
            Path certificate = flags.value("tls-cert").map(Path::of).orElseThrow(() -> new UsageError("--tls-key needs --tls-cert"));
            Path key = flags.value("tls-key").map(Path::of).orElseThrow(() -> new UsageError("--tls-cert needs --tls-key"));
            context = TlsFiles.fromPem(certificate, key);
        } else {
            String password = flags.value("tls-keystore-password")
                    .or(() -> Optional.ofNullable(System.getenv("XXFTP_TLS_KEYSTORE_PASSWORD"))).orElse("");
            context = TlsFiles.fromPkcs12(Path.of(flags.value("tls-keystore").orElseThrow()), password.toCharArray());
        }
        return Optional.of(new FtpTls(context, flags.isSet("tls-required"), !flags.isSet("tls-no-session-reuse"),
                flags.value("tls-implicit-listen").map(ServeOptions::listen), flags.isSet("tls-13")));
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
