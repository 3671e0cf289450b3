package xxftp.domain.tree;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import xxftp.domain.model.Failure;

/**
 * Checks a password against a password file's text so that logging in stays cheap for the
 * server and dear for a guesser (as SFTPGo's password caching and Dovecot's auth cache do):
 * <ul>
 *   <li>A password that a slow hash verified is remembered as a keyed digest (HMAC-SHA256 with a
 *   key made at start and never stored) of the user, the password file's exact text and the
 *   password; the same login again costs one HMAC. No clear text is kept; any edit of the file
 *   changes the digest, so the entry dies with it; entries also die after {@code maxAge}, and
 *   the oldest go first past {@code maxEntries}. A wrong password is never remembered.</li>
 *   <li>At most {@code parallel} slow hashes run at once, each on a platform thread of its own
 *   rather than on a carrier of the sessions' virtual threads, so the sessions keep running
 *   beside them; a check that waits longer than {@code waitLimit} for its turn is
 *   {@link Failure.Busy}, so a flood of PASS can't take the CPU from transfers or from users
 *   whose password is remembered.</li>
 * </ul>
 */
public final class PasswordCheck {

    private final Semaphore slowHashes;
    private final ExecutorService hashing;
    private final Duration waitLimit;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    /** Initialised once; each digest works on a clone (far cheaper than a provider look-up). */
    private final Mac prototype;
    private final Map<ByteBuffer, Instant> verified;
    private final ConcurrentHashMap<ByteBuffer, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final BiPredicate<String, String> slowHash;

    /** {@code slowHash} tells whether a password matches a salted stored form ({@link PasswordHash#matches}). */
    public PasswordCheck(int parallel, Duration waitLimit, Duration maxAge, int maxEntries, Clock clock,
                         BiPredicate<String, String> slowHash) {
        this.slowHash = slowHash;
        this.slowHashes = new Semaphore(parallel, true);
        ThreadPoolExecutor threads = new ThreadPoolExecutor(parallel, parallel, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("password-hash-", 0).daemon().factory());
        threads.allowCoreThreadTimeOut(true);
        this.hashing = threads;
        this.waitLimit = waitLimit;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Instant> eldest) {
                return size() > PasswordCheck.this.maxEntries;
            }
        };
    }

    /**
     * The server's setting: one core fewer than the machine has runs slow hashes (one at least),
     * so sessions always have a core; a login waits 2 s for its turn at most.
     */
    public static PasswordCheck forThisMachine(Clock clock) {
        return new PasswordCheck(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), Duration.ofSeconds(2),
                Duration.ofHours(1), 10_000, clock, PasswordHash::matches);
    }

    /** Whether {@code password} is the one {@code stored} (a password file's text) describes for {@code user}. */
    public boolean matches(String user, String stored, String password) {
        if (!PasswordHash.isSlow(stored)) {
            return PasswordHash.matches(stored, password);
        }
        ByteBuffer digest = digest(user, stored, password);
        Instant now = clock.instant();
        synchronized (verified) {
            Instant at = verified.get(digest);
            if (at != null && at.plus(maxAge).isAfter(now)) {
                return true;
            }
            verified.remove(digest);
        }
        // the same login arriving many times at once (a client reconnecting, a burst after a
        // restart) waits for one hash instead of queueing as many
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(digest, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
        }
        try {
            boolean matches = slowMatch(stored, password);
            if (matches) {
                synchronized (verified) {
                    verified.put(digest, now);
                }
            }
            mine.complete(matches);
            return matches;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(digest, mine);
        }
    }

    private boolean slowMatch(String stored, String password) {
        try {
            if (!slowHashes.tryAcquire(waitLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Failure.Busy("no turn for a password hash within " + waitLimit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure.Busy("interrupted while waiting to hash a password");
        }
        try {
            return CompletableFuture.supplyAsync(() -> slowHash.test(stored, password), hashing).join();
        } finally {
            slowHashes.release();
        }
    }

    private ByteBuffer digest(String user, String stored, String password) {
        try {
            Mac mac = (Mac) prototype.clone();
            // NUL can't occur in a user name or a password line, so the three parts can't run together
            for (String part : new String[] {user, stored, password}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return ByteBuffer.wrap(mac.doFinal());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }
}
