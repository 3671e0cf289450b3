package xxftp.dist;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end, bounded in time, with exactly the environment given. */
final class Programs {

    /** More than anything here needs; a hang fails the test long before the build's patience ends. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** What a run left: its exit code and what it wrote to each stream. */
    record Result(List<String> command, int exitCode, String out, String err) {

        Result assertExit(int expected) {
            if (exitCode != expected) {
                fail("%s exited with %d, not %d; stdout:%n%s%nstderr:%n%s", String.join(" ", command), exitCode, expected, out, err);
            }
            return this;
        }
    }

    private Programs() {}

    static Result run(List<String> command, Map<String, String> environment, Path workingDirectory, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            Drain out = Drain.of(process.getInputStream());
            Drain err = Drain.of(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("%s did not end within %s; stdout:%n%s%nstderr:%n%s", String.join(" ", command), TIMEOUT, out.text(), err.text());
            }
            return new Result(command, process.exitValue(), out.rest(), err.rest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything a stream gives, collected by a thread of its own so that the program never blocks on a full pipe. */
    static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in) {
            thread = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended: what came until then is kept
                }
            });
        }

        static Drain of(InputStream in) {
            return new Drain(in);
        }

        /** What came so far. */
        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** All of it, once the stream has ended. */
        String rest() throws InterruptedException {
            thread.join(TIMEOUT);
            return text();
        }
    }
}
