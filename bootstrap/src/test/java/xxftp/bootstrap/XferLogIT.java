package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** --xferlog: a wu-ftpd/vsftpd/ProFTPD transfer log line per file transfer, reopened on request (SIGHUP). */
@ExtendWith(XxftpServerExtension.class)
class XferLogIT {

    /** ctime(3) then the fields after it. */
    private static final String TIME = "[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} ";

    static List<String> awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= count) {
                break;
            }
            Thread.sleep(10);
        }
        return Files.readAllLines(file);
    }

    @Test
    @ServerConfig(xferlog = true)
    void eachFileTransferIsOneLineAndAReopenStartsANewFile(TestServer server) throws Exception {
        server.tree().userWithHash("alice", "xferlog-Pw-8812").user("anonymous");
        FTPClient alice = server.login("alice", "xferlog-Pw-8812");
        assertThat(alice.storeFile("a report.csv", new ByteArrayInputStream("1,2,3\n".getBytes(StandardCharsets.US_ASCII)))).isTrue();
        alice.setFileType(org.apache.commons.net.ftp.FTP.ASCII_FILE_TYPE);
        assertThat(alice.retrieveFile("a report.csv", new ByteArrayOutputStream())).isTrue();
        assertThat(alice.listNames()).hasSize(1);
        alice.logout();

        List<String> lines = awaitLines(server.xferlog(), 2);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(TIME + "1 127\\.0\\.0\\.1 6 /a_report\\.csv b _ i r alice ftp 0 \\* c");
        assertThat(lines.get(1)).matches(TIME + "1 127\\.0\\.0\\.1 7 /a_report\\.csv a _ o r alice ftp 0 \\* c");

        Path rotated = Files.move(server.xferlog(), server.folder().resolve("xferlog.1"));
        server.observed().reopen();
        server.tree().file("anonymous/pub.txt", "public");
        FTPClient anonymous = server.login("anonymous", "guest@");
        assertThat(anonymous.retrieveFile("pub.txt", new ByteArrayOutputStream())).isTrue();
        anonymous.logout();

        assertThat(awaitLines(server.xferlog(), 1)).singleElement().asString()
                .matches(TIME + "1 127\\.0\\.0\\.1 6 /pub\\.txt b _ o a anonymous ftp 0 \\* c");
        assertThat(Files.readAllLines(rotated)).isEqualTo(lines);
    }
}
