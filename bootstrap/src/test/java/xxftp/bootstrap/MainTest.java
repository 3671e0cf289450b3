package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.tree.PasswordHash;

/** The command line: exit codes and one-line errors. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return Main.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "serve --bogus", "serve --listen nope", "serve --listen 127.0.0.1:99999", "serve --root /does/not/exist",
            "serve --passive-ports 10-5", "serve --max-connections 0", "serve --idle-timeout x",
            "serve --public-address ::1", "serve --backend ftp", "serve --backend s3", "serve --s3-bucket b",
            "serve --backend s3 --s3-bucket B!", "serve --backend s3 --s3-bucket bucket --s3-endpoint file:///x",
            "serve extra", "passwd", "frobnicate"})
    void aBadCommandLineIsOneLineAndExitCodeTwo(String line) {
        assertThat(run("", line.split(" "))).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors().lines()).hasSize(1).first().asString().startsWith("xxftp: ");
    }

    @Test
    void helpIsPrintedForEachCommand() {
        assertThat(run("", "serve", "--help")).isZero();
        assertThat(run("", "passwd", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--passive-ports", "--s3-bucket", "passwd");
    }

    @Test
    void anUnreachableBucketIsAOneLineErrorAtStart() {
        int code = run("", "serve", "--backend", "s3", "--s3-bucket", "nowhere", "--s3-endpoint", "http://127.0.0.1:9",
                "--listen", "127.0.0.1:0");
        assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        assertThat(errors().lines()).hasSize(1).first().asString().startsWith("xxftp: bucket nowhere");
    }

    @Test
    void passwdWritesASaltedHashReadFromStandardInput(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("alice"));
        assertThat(run("s3cret\n", "passwd", "--root", root.toString(), "alice")).isZero();
        String stored = Files.readString(root.resolve("alice/.xxftp/password")).trim();
        assertThat(stored).startsWith("$pbkdf2-sha256$");
        assertThat(PasswordHash.matches(stored, "s3cret")).isTrue();
    }

    @Test
    void passwdRefusesAnUnknownUserAndAnEmptyPassword(@TempDir Path root) throws Exception {
        assertThat(run("pw\n", "passwd", "--root", root.toString(), "nobody")).isEqualTo(Main.EXIT_USAGE);
        Files.createDirectories(root.resolve("bob"));
        assertThat(run("\n", "passwd", "--root", root.toString(), "bob")).isEqualTo(Main.EXIT_USAGE);
        assertThat(Files.exists(root.resolve("bob/.xxftp/password"))).isFalse();
    }
}
