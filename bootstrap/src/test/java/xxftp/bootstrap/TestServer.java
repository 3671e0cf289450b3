package xxftp.bootstrap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import xxftp.bootstrap.observe.Observability;
import xxftp.ftp.FtpServer;

/** A real xxftp server on a loopback port over a temporary tree, as handed to a test. */
public final class TestServer {

    private final FtpServer server;
    private final InetSocketAddress address;
    private final TestTree tree;
    private final Observability observed;
    private final Path folder;

    TestServer(FtpServer server, InetSocketAddress address, TestTree tree, Observability observed, Path folder) {
        this.server = server;
        this.address = address;
        this.tree = tree;
        this.observed = observed;
        this.folder = folder;
    }

    /** The metrics, transfer log and hooks of {@code @ServerConfig}. */
    public Observability observed() {
        return observed;
    }

    /** A temporary folder of this test's own, "{dir}" in hook settings; deleted after the test. */
    public Path folder() {
        return folder;
    }

    /** The transfer log's file, with {@code @ServerConfig(xferlog = true)}. */
    public Path xferlog() {
        return folder.resolve("xferlog");
    }

    /** http://127.0.0.1:PORT plus a path, with {@code @ServerConfig(metrics = true)}. */
    public java.net.URI metricsUrl(String path) {
        InetSocketAddress metrics = observed.metricsAddress().orElseThrow(() -> new IllegalStateException("no metrics configured"));
        return java.net.URI.create("http://127.0.0.1:" + metrics.getPort() + path);
    }

    public int port() {
        return address.getPort();
    }

    /** The implicit FTPS port; only with {@code @ServerConfig(tls = true)}. */
    public int implicitTlsPort() {
        return server.implicitTlsAddress().orElseThrow(() -> new IllegalStateException("no TLS configured")).getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** ftp://127.0.0.1:PORT plus a path (start it with "/"). */
    public String url(String path) {
        return "ftp://" + host() + ":" + port() + path;
    }

    public TestTree tree() {
        return tree;
    }

    /** The tree's folder on disk; skips the calling test on the S3 backend. */
    public Path root() {
        return tree.root();
    }

    public boolean onS3() {
        return !tree.isLocal();
    }

    public FtpServer server() {
        return server;
    }

    /** A Commons Net client, connected (220 read) but not logged in; passive, binary, UTF-8. */
    public FTPClient connect() throws IOException {
        FTPClient client = new FTPClient();
        client.setControlEncoding("UTF-8");
        client.setConnectTimeout(5_000);
        client.setDefaultTimeout(10_000);
        client.setDataTimeout(java.time.Duration.ofSeconds(10));
        client.connect(host(), port());
        client.setSoTimeout(10_000);
        client.enterLocalPassiveMode();
        return client;
    }

    /** A Commons Net client logged in as the user, in binary mode; fails the test if login fails. */
    public FTPClient login(String user, String password) throws IOException {
        FTPClient client = connect();
        if (!client.login(user, password)) {
            throw new AssertionError("login as " + user + " failed: " + client.getReplyString());
        }
        client.setFileType(FTP.BINARY_FILE_TYPE);
        return client;
    }

    /** A raw control connection, for malformed input and exact reply checks. */
    public RawFtp raw() throws IOException {
        return new RawFtp(host(), port());
    }

    /** A raw client from another loopback address, for the per-address limits. */
    public RawFtp rawFrom(String loopback) throws IOException {
        return new RawFtp(host(), port(), java.net.InetAddress.getByName(loopback));
    }
}
