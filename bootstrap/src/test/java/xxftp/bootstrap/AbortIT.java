package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** ABOR cuts a running transfer (RFC 959 4.1.3: 426 for the transfer, then 226 for ABOR). */
@ExtendWith(XxftpServerExtension.class)
@Timeout(60)
class AbortIT {

    @Test
    void aborCutsARunningDownload(TestServer server) throws Exception {
        byte[] big = new byte[16 << 20];
        server.tree().user("alice").file("alice/big.bin", big);
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "");
            ftp.send("TYPE I");
            int port = ftp.send("EPSV").epsvPort();
            try (Socket data = new Socket()) {
                // a small window, so the server is still sending when ABOR arrives
                data.setReceiveBufferSize(4096);
                data.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                data.setSoTimeout(10_000);
                assertThat(ftp.send("RETR big.bin").code()).isEqualTo(150);
                InputStream in = data.getInputStream();
                assertThat(in.readNBytes(1000)).hasSize(1000);

                assertThat(ftp.send("ABOR").code()).isEqualTo(426);
                assertThat(ftp.read().code()).isEqualTo(226);
                assertThat(in.readAllBytes().length + 1000).isLessThan(big.length);
            }
            assertThat(ftp.send("NOOP").code()).as("the session goes on").isEqualTo(200);
        }
    }

    @Test
    void aborCutsARunningUploadAndPublishesNothing(TestServer server) throws Exception {
        server.tree().user("alice").file("alice/keep.txt", "the original");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "");
            ftp.send("TYPE I");
            try (Socket data = new Socket("127.0.0.1", ftp.send("EPSV").epsvPort())) {
                assertThat(ftp.send("STOR keep.txt").code()).isEqualTo(150);
                OutputStream out = data.getOutputStream();
                byte[] chunk = new byte[64 << 10];
                Arrays.fill(chunk, (byte) 'x');
                out.write(chunk);
                out.flush();

                assertThat(ftp.send("ABOR").code()).isEqualTo(426);
                assertThat(ftp.read().code()).isEqualTo(226);
            }
            assertThat(server.tree().read("alice/keep.txt")).isEqualTo("the original");
            assertThat(ftp.send("NOOP").code()).isEqualTo(200);
        }
    }

    /** ABOR while the server still waits for the client's data connection: no waiting out the timeout. */
    @Test
    void aborStopsTheWaitForADataConnection(TestServer server) throws Exception {
        server.tree().user("alice").file("alice/f.txt", "x");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "");
            ftp.send("EPSV").epsvPort();
            assertThat(ftp.send("RETR f.txt").code()).isEqualTo(150);
            long started = System.nanoTime();

            assertThat(ftp.send("ABOR").code()).isEqualTo(426);
            assertThat(ftp.read().code()).isEqualTo(226);

            assertThat((System.nanoTime() - started) / 1_000_000).as("well within the 10 s data timeout").isLessThan(5_000);
            assertThat(ftp.send("NOOP").code()).isEqualTo(200);
        }
    }

    @Test
    void aborWithoutATransferIs226(TestServer server) throws Exception {
        server.tree().user("alice");
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "");
            assertThat(ftp.send("ABOR").code()).isEqualTo(226);
        }
    }

}
