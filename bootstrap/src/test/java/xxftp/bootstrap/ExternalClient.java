package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real FTP client program (curl, lftp, python3) run as a process against the test server.
 * Every run is bounded: a client that hangs is killed and the test fails with what it printed.
 * A program that is not installed skips the test, loudly, so a developer without lftp still gets
 * a green build (CI installs them: see {@code .ci/run}).
 */
final class ExternalClient {

    /** More than any client here needs on loopback; a hang fails long before the build's patience ends. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * A Python ftplib FTP_TLS subclass, {@code Reusing}, for scripts to embed: the server by default
     * wants PROT P data connections to resume the control session, which ftplib doesn't do by itself.
     */
    static final String FTPLIB_SESSION_REUSE = """
            class Reusing(ftplib.FTP_TLS):
                # ftplib does not resume the control session on data connections by itself
                def ntransfercmd(self, cmd, rest=None):
                    conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
                    if self._prot_p:
                        conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
                    return conn, size
            """;

    /** What a run left: exit code and everything it wrote to stdout and stderr, interleaved. */
    record Result(List<String> command, int exitCode, String output) {

        Result assertSucceeded() {
            if (exitCode != 0) {
                fail("%s exited with %d; its output:%n%s", String.join(" ", command), exitCode, output);
            }
            return this;
        }

        Result assertFailed() {
            if (exitCode == 0) {
                fail("%s should have failed; its output:%n%s", String.join(" ", command), output);
            }
            return this;
        }
    }

    private final Path program;
    private final Map<String, String> environment;

    private ExternalClient(Path program, Map<String, String> environment) {
        this.program = program;
        this.environment = environment;
    }

    /**
     * The program found on the PATH, or the test is skipped with a message saying so.
     *
     * @param environment extra variables for every run (e.g. HOME pointing to an empty folder,
     *                    so a developer's ~/.lftprc or ~/.netrc can't change what is tested)
     */
    static ExternalClient require(String name, Map<String, String> environment) {
        Optional<Path> found = onPath(name);
        if (found.isEmpty()) {
            String test = StackWalker.getInstance().walk(frames -> frames
                    .filter(frame -> frame.getClassName().endsWith("IT"))
                    .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1)
                            + "." + frame.getMethodName())
                    .findFirst().orElse("a test"));
            System.out.println("SKIPPED " + test + ": '" + name + "' is not installed (not on PATH); install it to run this test");
        }
        Assumptions.assumeTrue(found.isPresent(), () -> "'" + name + "' is not installed");
        return new ExternalClient(found.get(), environment);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * HOME (and XDG folders) in {@code work}, so no rc file of the developer changes what runs;
     * UTF-8, and UTC so clients date files the way the server lists them.
     */
    static Map<String, String> isolatedHome(Path work) throws IOException {
        Path home = Files.createDirectories(work.resolve(".home"));
        return Map.of("HOME", home.toString(),
                "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_DATA_HOME", home.resolve(".local/share").toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString(),
                "LC_ALL", "C.UTF-8",
                "TZ", "UTC");
    }

    /** No reply a client saw may carry an exception's text or a stack frame (STYLE.md habit 4). */
    static void assertNoInternals(String output) {
        assertThat(output).doesNotContain("Exception").doesNotContain("at xxftp");
    }

    /** Runs the program with these arguments in {@code workDir} and waits for it, at most {@link #TIMEOUT}. */
    Result run(Path workDir, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(arguments);
        // a file, not a pipe: a chatty client can't block on a full pipe that nobody drains
        Path output = Files.createTempFile("xxftp-client-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            // nothing to say: a client that asks for input sees end of file instead of hanging
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                fail("%s did not finish within %s and was killed; its output:%n%s",
                        String.join(" ", command), TIMEOUT, read(output));
            }
            return new Result(command, process.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String read(Path output) throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }
}
