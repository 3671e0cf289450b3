package xxftp.ftp.guard;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts what each holder (a client address, a user) has open against a limit: one more than
 * the limit is refused. A limit of 0 means none.
 */
public final class ClientLimits<K> {

    private int limit;
    private final Map<K, Integer> open = new HashMap<>();

    public ClientLimits(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit is 0 (none) or more");
        }
        this.limit = limit;
    }

    /** A new limit (a reload): what is held stays; only new takes see it. */
    public synchronized void limit(int next) {
        if (next < 0) {
            throw new IllegalArgumentException("a limit is 0 (none) or more");
        }
        limit = next;
    }

    /** Takes one for {@code holder}; false (and nothing taken) when it already holds the limit. */
    public synchronized boolean tryTake(K holder) {
        int held = open.getOrDefault(holder, 0);
        if (limit > 0 && held >= limit) {
            return false;
        }
        open.put(holder, held + 1);
        return true;
    }

    /** Gives back one that {@link #tryTake} gave. */
    public synchronized void giveBack(K holder) {
        open.computeIfPresent(holder, (key, held) -> held > 1 ? held - 1 : null);
    }

    public synchronized int held(K holder) {
        return open.getOrDefault(holder, 0);
    }
}
