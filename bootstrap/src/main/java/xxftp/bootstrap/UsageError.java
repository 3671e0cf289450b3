package xxftp.bootstrap;

import java.util.Optional;

/**
 * A bad command line or configuration: reported as one line, exit code 2. When it is about one
 * setting, it names it, so the message can say where that value came from (a file line, a
 * variable).
 */
final class UsageError extends RuntimeException {

    private final String option;

    UsageError(String message) {
        super(message);
        this.option = null;
    }

    /** About the setting {@code option} ("--listen"); the message names it too. */
    UsageError(String option, String problem) {
        super(option + " " + problem);
        this.option = option;
    }

    Optional<String> option() {
        return Optional.ofNullable(option);
    }
}
