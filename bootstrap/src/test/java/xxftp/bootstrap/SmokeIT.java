package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(XxftpServerExtension.class)
class SmokeIT {

    @Test
    void md5UserUploadsListsAndDownloads(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret");
        FTPClient ftp = server.login("alice", "secret");
        assertThat(ftp.storeFile("hello.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(server.tree().read("alice/hello.txt")).isEqualTo("hello");
        assertThat(ftp.listNames()).containsExactly("hello.txt");
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        assertThat(ftp.retrieveFile("hello.txt", back)).isTrue();
        assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        ftp.logout();
        ftp.disconnect();
    }
}
