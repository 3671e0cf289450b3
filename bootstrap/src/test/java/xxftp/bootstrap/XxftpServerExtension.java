package xxftp.bootstrap;

import com.google.inject.Guice;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpServer;

/**
 * Starts the real server, wired as {@code xxftp serve} wires it, on a free loopback port over
 * an empty temporary tree for each test, and hands the test a {@link TestServer}. The tree is
 * read lazily, so a test may write it before or after the server starts (before its first login).
 */
public final class XxftpServerExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(XxftpServerExtension.class);

    /** Short idle timeout so tests of it are quick; the rest as in production. */
    static FtpConfig testConfig() {
        return new FtpConfig(new InetSocketAddress("127.0.0.1", 0), FtpConfig.PortRange.ANY, Optional.empty(),
                20, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path root = Files.createTempDirectory("xxftp-it-");
        FtpConfig config = context.getTestMethod()
                .flatMap(method -> Optional.ofNullable(method.getAnnotation(ServerConfig.class)))
                .map(annotation -> new FtpConfig(testConfig().listen(), testConfig().passivePorts(), Optional.empty(),
                        annotation.maxConnections(), Duration.ofSeconds(annotation.idleTimeoutSeconds()),
                        testConfig().dataTimeout()))
                .orElse(testConfig());
        FtpServer server = Guice.createInjector(new StorageModule(new StorageOptions.Local(root,
                        new StorageOptions.S3Access(Optional.empty(), Optional.empty(), false))), new ServerModule(config))
                .getInstance(FtpServer.class);
        InetSocketAddress bound = server.start();
        context.getStore(STORE).put(TestServer.class, new TestServer(server, bound, new TestTree(root)));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        TestServer server = context.getStore(STORE).remove(TestServer.class, TestServer.class);
        if (server != null) {
            server.server().close();
            deleteTree(server.root());
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
