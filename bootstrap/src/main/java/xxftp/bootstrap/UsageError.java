package xxftp.bootstrap;

/** A bad command line: reported as one line, exit code 2. */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message);
    }
}
