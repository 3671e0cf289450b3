package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.ftp.FtpServer;
import xxftp.ftp.events.FtpListener;
import xxftp.s3.S3Settings;
import xxftp.s3.S3TestServer;

/** The S3 server going away in the middle of a session: replies say so, the session goes on. */
class S3FaultIT {

    @Test
    void aStoppedS3ServerGives451AndTheSessionGoesOn() throws Exception {
        Assumptions.assumeTrue(XxftpServerExtension.onS3(), "an S3 fault: run with the S3 backend");
        S3TestServer s3 = S3TestServer.startNew();
        S3Client client = s3.newClient();
        S3Settings bucket = new S3Settings(S3TestServer.BUCKET, "fault", Optional.of(s3.endpoint()), Optional.of("us-east-1"), true);
        client.putObject(r -> r.bucket(bucket.bucket()).key("fault/alice/"), RequestBody.empty());
        client.putObject(r -> r.bucket(bucket.bucket()).key("fault/alice/f.txt"), RequestBody.fromString("here"));
        StorageOptions.S3Access access = new StorageOptions.S3Access(bucket.endpoint(), bucket.region(), true);
        FtpServer server = Guice.createInjector(new StorageModule(new StorageOptions.S3(bucket, access), settings -> client),
                new ServerModule(XxftpServerExtension.testConfig(), FtpListener.NONE)).getInstance(FtpServer.class);
        InetSocketAddress address = server.start();
        try {
            FTPClient ftp = new FTPClient();
            ftp.setDefaultTimeout(30_000);
            ftp.connect("127.0.0.1", address.getPort());
            assertThat(ftp.login("alice", "")).isTrue();
            ftp.enterLocalPassiveMode();
            assertThat(ftp.listNames()).containsExactly("f.txt");

            s3.stop();

            assertThat(ftp.storeFile("g.txt", new ByteArrayInputStream("lost?".getBytes()))).isFalse();
            assertThat(ftp.getReplyCode()).isEqualTo(451);
            assertThat(ftp.getReplyString()).doesNotContain("Exception", "amazon");
            assertThat(ftp.sendNoOp()).as("the session goes on").isTrue();
            ftp.disconnect();
        } finally {
            server.close();
        }
    }
}
