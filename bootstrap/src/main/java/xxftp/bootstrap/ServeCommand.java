package xxftp.bootstrap;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpTls;

/** {@code xxftp serve}: its settings, and the validated {@link ServeOptions} they make. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Serves an xxftp tree over FTP. Without --root or a bucket it serves ./xxftp-root,",
                "created on first start with a starter tree (anonymous read-only, an incoming drop box).",
                "Every flag is also a key of the --config file and an XXFTP_ environment variable."})
final class ServeCommand implements Main.Work {

    /** {@code --tls-cert none}: plain FTP only. */
    private static final Path NO_TLS = Path.of("none");

    /** Where {@code serve} without --root or a bucket keeps its tree: beside the working directory. */
    static final Path DEFAULT_ROOT = Path.of("xxftp-root");

    @Spec
    CommandSpec spec;

    @Mixin
    StorageFlags storage;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "control connection address (default 0.0.0.0:2121; [::]:2121 for IPv6)")
    String listen = "0.0.0.0:" + FtpConfig.DEFAULT_PORT;

    @Option(names = "--passive-ports", paramLabel = "LOW-HIGH", description = "passive data ports (default: any free port)")
    String passivePorts;

    @Option(names = "--public-address", paramLabel = "IPV4", description = "address announced in PASV replies, behind NAT")
    String publicAddress;

    @Option(names = "--max-connections", paramLabel = "N", description = "sessions at once (default ${DEFAULT-VALUE}); one more gets 421")
    int maxConnections = FtpConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "close silent control connections (default ${DEFAULT-VALUE})")
    int idleTimeout = (int) FtpConfig.DEFAULT_IDLE_TIMEOUT.toSeconds();

    @Mixin
    TlsFlags tls;

    @Mixin
    GuardFlags guard;

    @Mixin
    NodeFlags nodes;

    @Mixin
    ObserveFlags observe;

    @Mixin
    QuotaFlags quota;

    @Option(names = "--print-config", description = "print the effective settings and where each came from, then exit")
    boolean printConfig;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "the server's own files, such as its self-signed certificate; never inside the tree (default ${DEFAULT-VALUE})")
    Path stateDir = Path.of("xxftp-state");

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info, debug or trace (default ${DEFAULT-VALUE})")
    String logLevel = "info";

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS",
            description = "on SIGTERM, how long running transfers may finish before they are cut (default ${DEFAULT-VALUE})")
    int shutdownGrace = 30;

    static final class TlsFlags {
        @Option(names = "--tls-cert", paramLabel = "FILE|none",
                description = "FTPS (RFC 4217, TLS 1.2 and 1.3): certificate chain, PEM (with --tls-key); default a"
                        + " self-signed one made in --state-dir on the first start; none: plain FTP only")
        Path cert;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "private key, PEM (PKCS#8 or PKCS#1 RSA)")
        Path key;

        @Option(names = "--tls-keystore", paramLabel = "FILE", description = "or a PKCS#12 keystore")
        Path keystore;

        @Option(names = "--tls-keystore-password", paramLabel = "P", description = "the keystore's password")
        String keystorePassword;

        @Option(names = "--tls-required", arity = "0..1", fallbackValue = "true",
                description = "refuse USER/PASS before AUTH TLS (530)")
        boolean required;

        @Option(names = "--tls-implicit-listen", paramLabel = "HOST:PORT",
                description = "also serve implicit FTPS (TLS from the first byte; usually port 990)")
        String implicitListen;

        @Option(names = "--tls-no-session-reuse", arity = "0..1", fallbackValue = "true",
                description = "let protected data connections start new TLS sessions, for clients that can't"
                        + " resume the control connection's session")
        boolean noSessionReuse;

        @Option(names = "--tls-13", arity = "0..1", fallbackValue = "true",
                description = "offer TLS 1.3 besides 1.2 (default true; --tls-13=false: TLS 1.2 only)")
        boolean tls13 = true;
    }

    @Override
    public int run(Main.Console console, SettingSources sources) throws IOException {
        ServeOptions options = options(!printConfig);
        if (printConfig) {
            SettingSources.effective(spec, sources).forEach((key, line) -> console.out().println(key + ": " + line));
            return 0;
        }
        if (options.createStarterTree()) {
            StarterTree.create(DEFAULT_ROOT);
            console.out().println("Created a starter tree in " + DEFAULT_ROOT.toAbsolutePath());
        }
        observe.logFormat().apply();
        logLevels();
        return new RunningServer(options, sources).run(console.out(), Duration.ofSeconds(shutdownGrace));
    }

    /** --log-level: the root logger's level, set at start and on every reload. */
    void logLevels() {
        Level level = Level.toLevel(logLevel, null);
        if (level == null) {
            throw new UsageError("--log-level", "must be error, warn, info, debug or trace, not '" + logLevel + "'");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }

    /**
     * The settings, checked: where the tree lives and the FTP settings. {@code makeCertificate}:
     * with no certificate configured, make or take the self-signed one (not for --print-config).
     */
    ServeOptions options(boolean makeCertificate) {
        StorageOptions tree = storage.options(Optional.of(DEFAULT_ROOT));
        boolean starter = tree instanceof StorageOptions.Local && !storage.rootGiven() && !Files.exists(DEFAULT_ROOT);
        FtpConfig.PortRange passive;
        try {
            passive = passivePorts == null ? FtpConfig.PortRange.ANY : FtpConfig.PortRange.parse(passivePorts);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--passive-ports", e.getMessage());
        }
        Optional<Inet4Address> announced = Optional.ofNullable(publicAddress).map(ServeCommand::ipv4);
        FtpConfig ftp = new FtpConfig(address("--listen", listen), passive, announced,
                within("--max-connections", maxConnections, 1, 100_000),
                Duration.ofSeconds(within("--idle-timeout", idleTimeout, 1, 86_400)), FtpConfig.DEFAULT_DATA_TIMEOUT, tls(makeCertificate, tree),
                nodes.guard(guard.settings(), tree), nodes.proxyProtocol());
        Optional<String> fingerprint = Optional.empty();
        if (makeCertificate && tls.cert == null && tls.keystore == null) {
            try {
                fingerprint = Optional.of(SelfSignedTls.fingerprint(stateDir.resolve(SelfSignedTls.CERTIFICATE)));
            } catch (IOException e) {
                throw new UsageError("--state-dir", e.getMessage());
            }
        }
        return new ServeOptions(tree, starter, ftp, fingerprint, observe.settings(), quota.settings());
    }

    private Path selfSignedCertificate(StorageOptions tree) {
        if (tree instanceof StorageOptions.Local local
                && stateDir.toAbsolutePath().normalize().startsWith(local.root().toAbsolutePath().normalize())) {
            throw new UsageError("--state-dir", "must not be inside the served tree");
        }
        try {
            return SelfSignedTls.certificateIn(stateDir);
        } catch (IOException e) {
            throw new UsageError("--state-dir", "can't hold the self-signed certificate: " + e.getMessage());
        }
    }

    /** {@code makeCertificate}: with no certificate configured, make (or take) the self-signed one. */
    private Optional<FtpTls> tls(boolean makeCertificate, StorageOptions tree) {
        boolean none = NO_TLS.equals(tls.cert);
        boolean pem = !none && (tls.cert != null || tls.key != null);
        boolean keystore = tls.keystore != null;
        if (none) {
            Map<String, Boolean> needTls = new LinkedHashMap<>();
            needTls.put("--tls-key", tls.key != null);
            needTls.put("--tls-keystore", keystore);
            needTls.put("--tls-required", tls.required);
            needTls.put("--tls-implicit-listen", tls.implicitListen != null);
            needTls.put("--tls-no-session-reuse", tls.noSessionReuse);
            needTls.put("--tls-keystore-password", tls.keystorePassword != null);
            needTls.forEach((option, given) -> {
                if (given) {
                    throw new UsageError(option, "needs a certificate, not --tls-cert none");
                }
            });
            return Optional.empty();
        }
        if (pem && keystore) {
            throw new UsageError("give either --tls-cert and --tls-key, or --tls-keystore");
        }
        SSLContext context;
        if (pem) {
            if (tls.cert == null) {
                throw new UsageError("--tls-key", "needs --tls-cert");
            }
            if (tls.key == null) {
                throw new UsageError("--tls-cert", "needs --tls-key");
            }
            context = TlsFiles.fromPem(tls.cert, tls.key);
        } else if (keystore) {
            String password = tls.keystorePassword == null ? "" : tls.keystorePassword;
            context = TlsFiles.fromPkcs12(tls.keystore, password.toCharArray());
        } else if (makeCertificate) {
            context = TlsFiles.fromPem(selfSignedCertificate(tree), SelfSignedTls.keyIn(stateDir));
        } else {
            return Optional.empty();
        }
        return Optional.of(new FtpTls(context, tls.required, !tls.noSessionReuse,
                Optional.ofNullable(tls.implicitListen).map(text -> address("--tls-implicit-listen", text)), tls.tls13));
    }

    private static int within(String option, int value, int low, int high) {
        if (value < low || value > high) {
            throw new UsageError(option, "must be " + low + "-" + high + ", not " + value);
        }
        return value;
    }

    /** "HOST:PORT", "[v6]:PORT" or ":PORT". */
    static InetSocketAddress address(String option, String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageError(option, "must look like HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageError(option, "port must be a number, not '" + text.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UsageError(option, "port must be 0-65535");
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UsageError(option, "host '" + host + "' is unknown");
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
        throw new UsageError("--public-address", "must be an IPv4 address, not '" + text + "'");
    }
}
