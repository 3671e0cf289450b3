package xxftp.domain.tree;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs each distinct problem of a configured thing (a mount line, a mount target) once, not on
 * every command that meets it, and logs again when it works again, so the next problem is
 * reported anew. Bounded: a tree with endless distinct problems can't grow the heap.
 */
public final class ProblemLog {

    private static final int MAX_REMEMBERED = 1_000;

    private final Logger log;
    private final Set<Problem> reported = ConcurrentHashMap.newKeySet();

    private record Problem(String subject, String reason) {}

    public ProblemLog(Logger log) {
        this.log = log;
    }

    /** Logs a warning the first time {@code subject} has this {@code reason}. */
    public void problem(String subject, String reason) {
        if (reported.size() >= MAX_REMEMBERED) {
            reported.clear();
        }
        if (reported.add(new Problem(subject, reason))) {
            log.warn("{}: {}", subject, reason);
        }
    }

    /** Says that {@code subject} works; logged only when a problem of it was reported. */
    public void works(String subject) {
        if (!reported.isEmpty() && reported.removeIf(problem -> problem.subject().equals(subject))) {
            log.info("{}: works again", subject);
        }
    }
}
