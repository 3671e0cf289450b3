package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.tree.PasswordHash;

/** The command line: exit codes and one-line errors. */
class MainTest {

    private final InProcessMain main = new InProcessMain();


    private int run(String stdin, String... args) {
        return main.run(stdin, List.of(args));
    }

    private String output() {
        return main.out();
    }

    private String errors() {
        return main.err();
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
        assertThat(main.out()).contains("--passive-ports", "--s3-bucket", "passwd");
    }

    @Test
    void anUnreachableBucketIsAOneLineErrorAtStart() {
        int code = run("", "serve", "--backend", "s3", "--s3-bucket", "nowhere", "--s3-endpoint", "http://127.0.0.1:9",
                "--listen", "127.0.0.1:0", "--tls-cert", "none");
        assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        assertThat(errors().lines()).hasSize(1).first().asString().startsWith("xxftp: bucket nowhere");
    }

    @Test
    void passwdWritesASaltedHashReadFromStandardInput(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("alice"));
        assertThat(run("s3cret\n", "passwd", "--root", root.toString(), "alice")).as(errors()).isZero();
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

    @Test
    void everyCommandHasVersionAndTheRootListsTheCommands() {
        assertThat(run("", "--version")).isZero();
        assertThat(run("", "serve", "--version")).isZero();
        assertThat(run("", "passwd", "--version")).isZero();
        assertThat(output().lines().toList()).hasSize(3).allMatch(line -> line.matches("xxftp \\d+\\.\\d+\\.\\d+.*"));
        main.reset();
        assertThat(run("", "--help")).isZero();
        assertThat(output()).contains("serve", "passwd", "generate-completion");
    }

    @Test
    void shellCompletionIsGenerated() {
        assertThat(run("", "generate-completion")).isZero();
        assertThat(output()).contains("complete -F", "--passive-ports", "--s3-bucket");
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("xxftp.yaml"), """
                # the file's settings
                max-connections: 7
                idle-timeout: 11
                passive-ports: 50000-50010
                tls:
                  keystore: %s
                  keystore-password: changeit
                """.formatted(XxftpServerExtension.resource("ftps-test.p12")));
        main.environment.put("XXFTP_IDLE_TIMEOUT", "22");
        main.environment.put("XXFTP_PASSIVE_PORTS", "51000-51010");
        int code = run("", "serve", "--config", config.toString(), "--passive-ports", "52000-52010", "--print-config");
        assertThat(code).as(errors()).isZero();
        assertThat(output())
                .contains("max-connections: 7    (" + config + ":2)")
                .contains("idle-timeout: 22    (environment XXFTP_IDLE_TIMEOUT)")
                .contains("passive-ports: 52000-52010    (command line)")
                .contains("listen: 0.0.0.0:2121    (default)")
                .contains("tls-keystore-password: ********    (" + config + ":7)")
                .doesNotContain("changeit");
    }

    @Test
    void theConfigFileMayBeNamedByTheEnvironment(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "max-connections: 9\n");
        main.environment.put("XXFTP_CONFIG", config.toString());
        assertThat(run("", "serve", "--print-config")).isZero();
        assertThat(output()).contains("max-connections: 9    (" + config + ":1)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "max-conections: 5|:1: unknown key 'max-conections'",
            "idle-timeout: 10\\nmax-connections: many|:2: max-connections: Invalid value for option '--max-connections'",
            "listen: nowhere|:1: --listen must look like HOST:PORT, not 'nowhere'",
            "max-connections: 0|:1: --max-connections must be 1-100000, not 0",
            "tls:\\n  cert: [a, [b]]|:2: 'tls-cert' must be a list of plain values",
            "listen: [unclosed|not valid YAML"})
    void aBadFileIsOneLineNamingTheFileTheLineAndTheKey(String text, String expected, @TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), text.replace("\\n", "\n"));
        assertThat(run("", "serve", "--config", config.toString(), "--print-config")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors().lines()).hasSize(1).first().asString().startsWith("xxftp: " + config).contains(expected);
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        main.environment.put("XXFTP_MAX_CONNECTIONS", "lots");
        assertThat(run("", "serve", "--print-config")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors()).startsWith("xxftp: environment XXFTP_MAX_CONNECTIONS: max-connections: Invalid value");
    }

    @Test
    void aFileSettingOfAnotherCommandIsNoErrorForThisOne(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("alice"));
        Path config = Files.writeString(root.resolve("x.yaml"), "root: " + root + "\nmax-connections: 3\n");
        assertThat(run("pw\n", "passwd", "--config", config.toString(), "alice")).as(errors()).isZero();
        assertThat(Files.readString(root.resolve("alice/.xxftp/password"))).startsWith("$pbkdf2-sha256$");
    }
}
