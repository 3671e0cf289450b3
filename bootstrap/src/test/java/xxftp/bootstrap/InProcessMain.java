package xxftp.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** xxftp's command line run in this JVM, as a shell runs it: the exit code, and what it printed. */
final class InProcessMain {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** The environment the commands see (the XXFTP_ variables). */
    final Map<String, String> environment = new HashMap<>();

    /** Runs {@code args} with {@code stdin} as standard input; what earlier runs printed stays until {@link #reset}. */
    int run(String stdin, List<String> args) {
        return Main.run(args, new Main.Console(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), environment);
    }

    /** Runs {@code args} with nothing on standard input. */
    int run(String... args) {
        return run("", List.of(args));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed so far. */
    void reset() {
        out.reset();
        err.reset();
    }
}
