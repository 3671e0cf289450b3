package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (a failsafe execution of its own, see the pom): the
 * logs they made, as text and as JSON (target/it-logs), hold none of the passwords the tests
 * used, right or wrong.
 */
class LogsHoldNoPasswordIT {

    /** A password a test sends or stores: the second argument of these calls, and PASSWORD constants. */
    private static final Pattern PASSWORD = Pattern.compile(
            "(?:userWithMd5|userWithHash|login)\\(\"[^\"]*\", \"([^\"]+)\"\\)|PASSWORD = \"([^\"]+)\"|\"PASS ([^\"]+)\"");
    /** Shorter ones ("pw", "a") are parts of ordinary words; the suite's own are long enough to tell. */
    private static final int SHORTEST = 6;

    @Test
    void noLogOfTheSuiteHoldsATestPassword() throws IOException {
        Set<String> passwords = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "test", "java"))) {
            for (Path source : (Iterable<Path>) sources.filter(path -> path.toString().endsWith(".java"))::iterator) {
                Matcher found = PASSWORD.matcher(Files.readString(source));
                while (found.find()) {
                    for (int group = 1; group <= 3; group++) {
                        String password = found.group(group);
                        if (password != null && password.strip().length() >= SHORTEST) {
                            passwords.add(password.strip());
                        }
                    }
                }
            }
        }
        assertThat(passwords).as("the suite's passwords").hasSizeGreaterThan(10).contains("s3cret", "tls-pw");
        Path logs = Path.of("target", "it-logs");
        for (String name : new String[] {"local.log", "local.json", "s3.log", "s3.json"}) {
            assertThat(Files.readString(logs.resolve(name))).as(name + " was written").contains("Session started");
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : (Iterable<Path>) files::iterator) {
                String text = Files.readString(log);
                for (String password : passwords) {
                    assertThat(text).as(log + " holds no password").doesNotContain(password);
                }
            }
        }
    }
}
