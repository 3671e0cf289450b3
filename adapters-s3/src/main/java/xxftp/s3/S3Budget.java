package xxftp.s3;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import xxftp.domain.model.Failure;

/**
 * Bytes of memory that transfers share, one budget for the whole process: a buffer is taken
 * from it before it is filled and given back when its request has ended. A long, not a
 * {@link java.util.concurrent.Semaphore}'s int, since a quarter of a large heap exceeds 2 GiB.
 * Waiters are woken in the order they came (a fair lock).
 */
final class S3Budget {

    private final long total;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition given = lock.newCondition();
    private long available;

    S3Budget(long total) {
        if (total <= 0) {
            throw new IllegalArgumentException("a budget needs at least one byte, not " + total);
        }
        this.total = total;
        this.available = total;
    }

    long total() {
        return total;
    }

    long available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code bytes} (at most the whole budget), waiting while they are not free: a
     * waiting upload stops reading its data connection, which TCP turns into back-pressure on
     * the client. Returns what was taken, to be given back.
     */
    long take(long bytes) {
        long wanted = Math.min(bytes, total);
        lock.lock();
        try {
            while (available < wanted) {
                given.await();
            }
            available -= wanted;
            return wanted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure.StorageUnavailable("interrupted while waiting for transfer memory", e);
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code bytes} only if they are free now. */
    boolean tryTake(long bytes) {
        lock.lock();
        try {
            if (available < bytes) {
                return false;
            }
            available -= bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void give(long bytes) {
        if (bytes == 0) {
            return;
        }
        lock.lock();
        try {
            available += bytes;
            if (available > total) {
                throw new IllegalStateException("gave back more than was taken: " + available + " of " + total);
            }
            given.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
