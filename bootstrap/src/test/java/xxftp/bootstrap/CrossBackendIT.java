package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import xxftp.s3.S3TestServer;

/** Mounts whose target lies in another backend than the tree: a bucket folder, a local folder. */
@ExtendWith(XxftpServerExtension.class)
class CrossBackendIT {

    @Test
    void aMountCanPointIntoABucketWithItsOwnRightsAndQuota(TestServer server) throws Exception {
        S3TestServer s3 = S3TestServer.get();
        String prefix = "mounted-" + UUID.randomUUID();
        s3.client().putObject(r -> r.bucket(S3TestServer.BUCKET).key(prefix + "/.xxftp/size"), RequestBody.fromString("10\n"));
        server.tree().user("alice").virtual("alice", "cloud s3://" + S3TestServer.BUCKET + "/" + prefix + " read,write");
        FTPClient ftp = server.login("alice", "");

        assertThat(ftp.listNames()).contains("cloud");
        assertThat(ftp.storeFile("cloud/a.txt", new ByteArrayInputStream("12345".getBytes()))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(s3.client().getObjectAsBytes(r -> r.bucket(S3TestServer.BUCKET).key(prefix + "/a.txt")).asUtf8String())
                .isEqualTo("12345");

        assertThat(ftp.storeFile("cloud/a.txt", new ByteArrayInputStream("x".getBytes()))).isFalse();
        assertThat(ftp.getReplyCode()).as("read,write: no overwriting").isEqualTo(550);
        assertThat(ftp.storeFile("cloud/b.txt", new ByteArrayInputStream("123456".getBytes()))).isFalse();
        assertThat(ftp.getReplyCode()).as("the bucket folder's own 10-byte limit").isEqualTo(552);
        assertThat(s3.client().listObjectsV2(r -> r.bucket(S3TestServer.BUCKET).prefix(prefix + "/b")).contents()).isEmpty();

        ByteArrayOutputStream back = new ByteArrayOutputStream();
        assertThat(ftp.retrieveFile("cloud/a.txt", back)).isTrue();
        assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("12345");
        ftp.disconnect();
    }

    @Test
    void aMountCanPointToALocalFolder(TestServer server, @TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("local.txt"), "on disk");
        server.tree().user("bob").virtual("bob", "disk " + folder.toUri() + " read,write,modify");
        FTPClient ftp = server.login("bob", "");

        ByteArrayOutputStream back = new ByteArrayOutputStream();
        assertThat(ftp.retrieveFile("disk/local.txt", back)).isTrue();
        assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("on disk");
        assertThat(ftp.storeFile("disk/up.txt", new ByteArrayInputStream("up".getBytes()))).isTrue();
        assertThat(Files.readString(folder.resolve("up.txt"))).isEqualTo("up");
        assertThat(ftp.rename("disk/up.txt", "moved.txt")).as("no rename across storages").isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(553);
        assertThat(Files.readString(folder.resolve("up.txt"))).isEqualTo("up");
        ftp.disconnect();
    }
}
