package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protected uploads over TLS 1.3 (the default) with session reuse enforced, through a relay that
 * paces the client to about 30 MB/s, as a real link would: the client's kernel still holds
 * upload bytes when it closes. Had the server's session ticket been left unread on the data
 * connection, that close would be a reset that drops those bytes (lftp lost all but 112 KiB of
 * 3 MB here before), and the relay, like a middlebox, passes the reset on as a plain close.
 */
@ExtendWith(XxftpServerExtension.class)
@ServerConfig(tls = true, publicAddress = "127.0.0.5", passivePorts = "47310-47314")
class Tls13UploadIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "tls13-pw";
    private static final int SIZE = 20 * 1024 * 1024;
    private static final byte[] CONTENT = new byte[SIZE];
    private static final InetAddress RELAY = loopback("127.0.0.5");

    static {
        new Random(13).nextBytes(CONTENT);
    }

    @TempDir
    Path work;

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void user(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD);
        Files.write(work.resolve("up.bin"), CONTENT);
    }

    private TcpRelay relay(TestServer server) throws Exception {
        TcpRelay relay = new TcpRelay(RELAY, InetAddress.getLoopbackAddress(), 30_000_000).relay(server.port());
        for (int port = 47310; port <= 47314; port++) {
            relay.relay(port);
        }
        return relay;
    }

    @Test
    void curlUploadsArriveWhole(TestServer server) throws Exception {
        try (TcpRelay relay = relay(server)) {
            ExternalClient curl = ExternalClient.require("curl", ExternalClient.isolatedHome(work));
            ExternalClient.Result put = curl.run(work, List.of("-q", "--silent", "--show-error", "--verbose", "--max-time", "60",
                    // the test certificate names 127.0.0.1, not the relay's address
                    "--ssl-reqd", "--insecure",
                    "--user", USER + ":" + PASSWORD, "--upload-file", "up.bin",
                    "ftp://127.0.0.5:" + server.port() + "/curl.bin")).assertSucceeded();
            assertThat(put.output()).contains("SSL connection using TLSv1.3", "SSL re-using session ID", "< 226");
            assertThat(server.tree().bytes(USER + "/curl.bin")).isEqualTo(CONTENT);
        }
    }

    @Test
    void lftpUploadsArriveWhole(TestServer server) throws Exception {
        try (TcpRelay relay = relay(server)) {
            ExternalClient lftp = ExternalClient.require("lftp", ExternalClient.isolatedHome(work));
            String script = "set ftp:ssl-force true; set ftp:ssl-protect-data true; set ssl:verify-certificate no; "
                    + "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 30; put up.bin -o lftp.bin; bye";
            ExternalClient.Result put = lftp.run(work, List.of("-d", "-u", USER + "," + PASSWORD,
                    "-p", Integer.toString(server.port()), "-e", script, "127.0.0.5")).assertSucceeded();
            assertThat(put.output()).contains("PROT P", "226");
            assertThat(server.tree().bytes(USER + "/lftp.bin")).isEqualTo(CONTENT);
        }
    }
}
