package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.tree.PasswordHash;
import xxftp.s3.S3Settings;
import xxftp.s3.S3TestServer;

/**
 * The admin commands as an operator runs them (the built jar, a process each) on this run's
 * backend, a local tree or a prefix of the test bucket, checked in the stored tree itself;
 * then a server on that tree lets the new user in.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminIT {

    @TempDir
    Path work;

    @Test
    void aSessionOfAdminCommands() throws Exception {
        boolean onS3 = XxftpServerExtension.onS3();
        Path root = Files.createDirectories(work.resolve("tree"));
        S3Settings bucket = onS3 ? S3TestServer.get().freshPrefix() : null;
        TestTree tree = TestTree.of(root, bucket);
        tree.dir("shared");
        List<String> where = ServerProcess.storageFlags(root, bucket);

        assertThat(admin(where, "s3cret\n", "user", "add", "alice", "--password-stdin", "--permission", "read,write",
                "--quota", "5000").exitCode()).isZero();
        assertThat(PasswordHash.matches(tree.read("alice/.xxftp/password"), "s3cret")).isTrue();
        assertThat(tree.read("alice/.xxftp/permission")).isEqualTo("read,write\n");
        assertThat(tree.read("alice/.xxftp/size")).isEqualTo("5000\n");

        ServerProcess.Outcome listed = admin(where, "", "user", "list");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.output()).containsPattern("alice\\s+yes\\s+read,write\\s+5000\\s+\\d+");

        assertThat(admin(where, "", "mount", "add", "alice", "pub", "$root/shared", "read").exitCode()).isZero();
        assertThat(tree.read("alice/.xxftp/virtual")).isEqualTo("pub $root/shared read\n");
        assertThat(admin(where, "", "mount", "list", "alice").output()).contains("alice pub $root/shared read");
        assertThat(admin(where, "", "mount", "add", "alice", "gone", "$root/nowhere", "read").exitCode()).isEqualTo(1);

        assertThat(admin(where, "", "quota", "set", "alice", "9000").exitCode()).isZero();
        assertThat(admin(where, "", "quota", "show", "alice").output()).containsPattern("alice\\s+9000\\s+\\d+\\s+\\d+");
        assertThat(admin(where, "", "check").exitCode()).isZero();
        tree.file("alice/.xxftp/size", "ten\n");
        ServerProcess.Outcome problems = admin(where, "", "check");
        assertThat(problems.exitCode()).isEqualTo(1);
        assertThat(problems.output()).contains("alice/.xxftp/size:1: 'ten' is not a byte count");
        tree.file("alice/.xxftp/size", "9000\n");

        try (ServerProcess server = ServerProcess.start(work, where); RawFtp ftp = new RawFtp("127.0.0.1", server.port())) {
            assertThat(ftp.login("alice", "s3cret").code()).isEqualTo(230);
            assertThat(ftp.send("CWD pub").code()).isEqualTo(250);
        }

        assertThat(admin(where, "", "mount", "remove", "alice", "pub").exitCode()).isZero();
        tree.file("alice/doc.txt", "keep");
        assertThat(admin(where, "", "user", "remove", "alice").exitCode()).isEqualTo(1);
        assertThat(tree.exists("alice/doc.txt")).isTrue();
        assertThat(admin(where, "", "user", "remove", "alice", "--with-files").exitCode()).isZero();
        assertThat(tree.exists("alice")).isFalse();
    }

    private ServerProcess.Outcome admin(List<String> where, String stdin, String... words) throws Exception {
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(where);
        return ServerProcess.command(work, args, stdin);
    }
}
