package xxftp.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import xxftp.bootstrap.observe.Hook;
import xxftp.bootstrap.observe.Hooks;
import xxftp.bootstrap.observe.Observability;
import xxftp.domain.port.Storage;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpServer;
import xxftp.ftp.FtpTls;
import xxftp.ftp.guard.Cidr;
import xxftp.ftp.guard.Defender;
import xxftp.ftp.guard.GuardSettings;
import xxftp.s3.S3TestServer;

/**
 * Starts the real server, wired as {@code xxftp serve} wires it, on a free loopback port over
 * an empty tree for each test, and hands the test a {@link TestServer}. The backend comes from
 * the system property {@code xxftp.backend}: {@code local} (a temporary folder, the default) or
 * {@code s3} (a fresh prefix in S3Proxy); the build runs every IT once per backend. The tree
 * is read lazily, so a test may write it after the server started (before its first login).
 */
public final class XxftpServerExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(XxftpServerExtension.class);

    /** Which backend this run tests. */
    static boolean onS3() {
        return "s3".equals(System.getProperty("xxftp.backend", "local"));
    }

    /**
     * Short timeouts so tests of them are quick; the rest as in production, except that the
     * tests' own address (127.0.0.1) is never banned nor limited: the abuse limits are tested
     * from 127.0.0.2 and up (GuardIT).
     */
    static FtpConfig testConfig() {
        return new FtpConfig(new InetSocketAddress("127.0.0.1", 0), FtpConfig.PortRange.ANY, Optional.empty(),
                20, Duration.ofSeconds(30), Duration.ofSeconds(10), Optional.empty(), TEST_GUARD);
    }

    static final GuardSettings TEST_GUARD = new GuardSettings(
            new Defender.Settings(Defender.Settings.DEFAULT_FAILURES, Defender.Settings.DEFAULT_WINDOW,
                    Defender.Settings.DEFAULT_BAN_TIME, Defender.Settings.MAX_BAN_TIME, List.of(Cidr.parse("127.0.0.1"))),
            0, 0, GuardSettings.DEFAULT_LOGIN_TIMEOUT);

    private static Optional<ServerConfig> settings(ExtensionContext context) {
        return context.getTestMethod().map(method -> method.getAnnotation(ServerConfig.class))
                .or(() -> context.getTestClass().map(type -> type.getAnnotation(ServerConfig.class)));
    }

    private static FtpConfig configured(ServerConfig settings) {
        Optional<FtpTls> tls = Optional.empty();
        if (settings.tls()) {
            tls = Optional.of(new FtpTls(TlsFiles.fromPem(resource("ftps-cert.pem"), resource("ftps-key.pem")),
                    settings.tlsRequired(), settings.tlsSessionReuse(), Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                    settings.tls13()));
        }
        InetSocketAddress listen = settings.ipv6() ? new InetSocketAddress("::", 0) : testConfig().listen();
        FtpConfig.PortRange passive = settings.passivePorts().isEmpty()
                ? testConfig().passivePorts() : FtpConfig.PortRange.parse(settings.passivePorts());
        Optional<java.net.Inet4Address> announced = Optional.of(settings.publicAddress()).filter(text -> !text.isEmpty())
                .map(text -> (java.net.Inet4Address) ServeCommand.address("--public-address", text + ":0").getAddress());
        GuardSettings guard = new GuardSettings(new Defender.Settings(settings.banFailures(), Defender.Settings.DEFAULT_WINDOW,
                Duration.ofSeconds(settings.banTimeSeconds()), Defender.Settings.MAX_BAN_TIME, TEST_GUARD.bans().exempt()),
                settings.maxConnectionsPerIp(), settings.maxSessionsPerUser(), Duration.ofSeconds(settings.loginTimeoutSeconds()));
        return new FtpConfig(listen, passive, announced, settings.maxConnections(),
                Duration.ofSeconds(settings.idleTimeoutSeconds()), Duration.ofSeconds(settings.dataTimeoutSeconds()), tls, guard);
    }

    /** A file of the test resources, for tests that hand it to a client (curl --cacert). */
    static Path resource(String name) {
        try {
            return Path.of(XxftpServerExtension.class.getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The storage options and test S3 clients for a fresh tree on this run's backend. */
    static StorageModule freshStorage(Optional<Path> localRoot) {
        StorageOptions.S3Access access = onS3()
                ? new StorageOptions.S3Access(Optional.of(S3TestServer.get().endpoint()), Optional.of("us-east-1"), true)
                : new StorageOptions.S3Access(Optional.empty(), Optional.empty(), false);
        StorageOptions options = localRoot.<StorageOptions>map(root -> new StorageOptions.Local(root, access))
                .orElseGet(() -> new StorageOptions.S3(S3TestServer.get().freshPrefix(), access));
        return new StorageModule(options, settings -> S3TestServer.get().client());
    }

    /**
     * The transfer log, metrics and hooks a test asks for. In hook settings, {@code {dir}} is the
     * test's own folder ({@link TestServer#folder()}) and {@code {receiver}} the URL of the JVM's
     * {@link HookReceiver}; URLs are retried after 50 ms.
     */
    private static Observability.Settings observing(Optional<ServerConfig> settings, Path folder) {
        if (settings.isEmpty()) {
            return Observability.Settings.none();
        }
        ServerConfig given = settings.get();
        java.util.function.UnaryOperator<String> filled = text -> text.replace("{dir}", folder.toString())
                .replace("{receiver}", given.hookUrls().length == 0 ? "" : HookReceiver.get().url());
        List<Hook> hooks = new java.util.ArrayList<>();
        java.util.Arrays.stream(given.hookCommands()).map(filled).map(Hook::command).forEach(hooks::add);
        java.util.Arrays.stream(given.hookUrls()).map(filled).map(Hook::url).forEach(hooks::add);
        return new Observability.Settings(
                Optional.of(new InetSocketAddress("127.0.0.1", 0)).filter(address -> given.metrics()),
                Optional.of(folder.resolve("xferlog")).filter(file -> given.xferlog()), hooks,
                new Hooks.Settings(Duration.ofSeconds(10), Optional.of(given.hookSecret()).filter(secret -> !secret.isEmpty()),
                        Hooks.Settings.DEFAULT_RETRIES, Duration.ofMillis(50), Hooks.Settings.DEFAULT_QUEUE));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Optional<Path> localRoot = onS3() ? Optional.empty() : Optional.of(Files.createTempDirectory("xxftp-it-"));
        FtpConfig config = settings(context).map(XxftpServerExtension::configured).orElse(testConfig());
        Path folder = Files.createTempDirectory("xxftp-it-observe-");
        Observability observed = Observability.open(observing(settings(context), folder));
        Injector injector = Guice.createInjector(freshStorage(localRoot), new ServerModule(config, observed.listener()));
        FtpServer server = injector.getInstance(FtpServer.class);
        InetSocketAddress bound = server.start();
        Storage storage = injector.getInstance(Storage.class);
        observed.serve(server, storage);
        TestTree tree = new TestTree(storage, localRoot);
        context.getStore(STORE).put(TestServer.class, new TestServer(server, bound, tree, observed, folder));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        TestServer server = context.getStore(STORE).remove(TestServer.class, TestServer.class);
        if (server != null) {
            server.server().close();
            server.observed().close();
            deleteTree(server.folder());
            if (server.tree().isLocal()) {
                deleteTree(server.tree().root());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).get(TestServer.class, TestServer.class);
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
