package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Quota;
import xxftp.domain.testkit.MemoryStorage;
import xxftp.domain.testkit.StorageFixtures;

class UsageQuotaTest {

    private static final Duration TTL = Duration.ofMinutes(1);

    private final MemoryStorage storage = new MemoryStorage();
    private final StorageFixtures.MutableClock clock = new StorageFixtures.MutableClock();
    // measures that refresh a known figure run at once here, so a test sees their result in its next claim
    private final UsageQuota quota = new UsageQuota(clock, TTL, Runnable::run);
    private final QuotaScope home = scope("home", 100);

    @BeforeEach
    void tree() {
        dir(storage, "home/pub");
    }

    private QuotaScope scope(String key, long limit) {
        return new QuotaScope(new Location(storage, StorageKey.parse(key)), limit);
    }

    private Quota.Reservation open(QuotaScope... scopes) {
        return quota.open(List.of(scopes));
    }

    /** Whether a fresh reservation could take {@code bytes} now; gives them back either way. */
    private boolean fits(long bytes, QuotaScope... scopes) {
        return fitsIn(quota, bytes, scopes);
    }

    private static boolean fitsIn(UsageQuota quota, long bytes, QuotaScope... scopes) {
        try (Quota.Reservation probe = quota.open(List.of(scopes))) {
            probe.claim(bytes);
            return true;
        } catch (Failure.QuotaExceeded exceeded) {
            return false;
        }
    }

    @Test
    void claimsWithinTheLimitAndRefusesBeyond() {
        try (Quota.Reservation reservation = open(home)) {
            reservation.claim(60);
            reservation.claim(40);
            assertThatThrownBy(() -> reservation.claim(1)).isInstanceOf(Failure.QuotaExceeded.class);
        }
    }

    @Test
    void aRefusedClaimTakesNothing() {
        try (Quota.Reservation first = open(home)) {
            first.claim(60);
            assertThatThrownBy(() -> first.claim(50)).isInstanceOf(Failure.QuotaExceeded.class);
            assertThat(fits(40, home)).isTrue();
            assertThat(fits(41, home)).isFalse();
        }
    }

    @Test
    void storedFilesCount() {
        file(storage, "home/pub/a", new byte[30]);
        assertThat(fits(70, home)).isTrue();
        assertThat(fits(71, home)).isFalse();
    }

    @Test
    void commitTurnsClaimsIntoUsage() {
        try (Quota.Reservation reservation = open(home)) {
            reservation.claim(60);
            reservation.commit(0);
        }
        // nothing was written to the storage: the ledger alone remembers the 60 bytes until it measures again
        assertThat(fits(40, home)).isTrue();
        assertThat(fits(41, home)).isFalse();
    }

    @Test
    void closeReleasesWhatWasNotCommitted() {
        try (Quota.Reservation reservation = open(home)) {
            reservation.claim(100);
            assertThat(fits(1, home)).isFalse();
        }
        assertThat(fits(100, home)).isTrue();
    }

    @Test
    void closeAfterCommitReleasesNothingTwice() {
        Quota.Reservation reservation = open(home);
        reservation.claim(70);
        reservation.commit(0);
        reservation.close();
        reservation.close();
        assertThat(fits(30, home)).isTrue();
        assertThat(fits(31, home)).isFalse();
    }

    @Test
    void commitSubtractsWhatAReplaceFreed() {
        file(storage, "home/f", new byte[60]);
        try (Quota.Reservation replace = open(home)) {
            replace.claim(30);
            // the new 30 bytes replaced the old 60
            replace.commit(60);
        }
        assertThat(fits(70, home)).isTrue();
        assertThat(fits(71, home)).isFalse();
    }

    @Test
    void changedForcesANewMeasure() {
        assertThat(fits(100, home)).isTrue();
        file(storage, "home/f", new byte[95]);
        // measured a moment ago: the file written behind the ledger's back is not seen yet
        assertThat(fits(10, home)).isTrue();

        quota.changed(List.of(home));

        assertThat(fits(10, home)).isFalse();
        assertThat(fits(5, home)).isTrue();
    }

    @Test
    void measuresAgainAfterItsPeriod() {
        assertThat(fits(100, home)).isTrue();
        file(storage, "home/f", new byte[95]);
        clock.advance(TTL);
        assertThat(fits(10, home)).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(fits(10, home)).isFalse();
        assertThat(fits(5, home)).isTrue();
    }

    @Test
    void freedBytesAreRoomAtOnce() {
        try (Quota.Reservation reservation = open(home)) {
            reservation.claim(90);
            reservation.commit(0);
        }
        assertThat(fits(11, home)).isFalse();
        quota.freed(List.of(home), 50);
        assertThat(fits(60, home)).isTrue();
        assertThat(fits(61, home)).isFalse();
        // never below nothing
        quota.freed(List.of(home), 1_000);
        assertThat(fits(100, home)).isTrue();
    }

    @Test
    void changedOfAnUnknownScopeIsHarmless() {
        quota.changed(List.of(scope("home/pub", 5)));
        assertThat(fits(5, scope("home/pub", 5))).isTrue();
    }

    @Test
    void noScopeLimitsNothingAndCountsNowhere() {
        try (Quota.Reservation reservation = open()) {
            reservation.claim(Long.MAX_VALUE / 2);
            reservation.commit(0);
        }
        assertThat(fits(100, home)).isTrue();
        assertThat(fits(101, home)).isFalse();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aSlowMeasureBlocksNoClaimWhileAFigureIsKnown() throws Exception {
        CountDownLatch measuring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger measures = new AtomicInteger();
        MemoryStorage slow = new MemoryStorage() {
            @Override
            public long usage(StorageKey key) {
                if (measures.incrementAndGet() > 1) {
                    // the re-measure: as slow as a listing of a huge bucket prefix
                    measuring.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.usage(key);
            }
        };
        dir(slow, "home");
        QuotaScope scope = new QuotaScope(new Location(slow, StorageKey.parse("home")), 100);
        UsageQuota shared = new UsageQuota(clock, TTL);
        try (Quota.Reservation first = shared.open(List.of(scope))) {
            first.claim(10);
            first.commit(0);
        }
        file(slow, "home/other-tool", new byte[50]);
        clock.advance(TTL.plusSeconds(1));

        // the stale figure (10 used) serves while the new measure hangs in the background
        try (Quota.Reservation during = shared.open(List.of(scope))) {
            during.claim(20);
            assertThat(measuring.await(10, TimeUnit.SECONDS)).isTrue();
            during.claim(0);
            during.commit(0);
        }
        assertThat(fitsIn(shared, 31, scope)).isTrue();
        release.countDown();
        // merged: the 50 bytes found plus the 20 committed while measuring
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fitsIn(shared, 31, scope) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(fitsIn(shared, 31, scope)).isFalse();
        assertThat(fitsIn(shared, 30, scope)).isTrue();
        assertThat(measures.get()).isEqualTo(2);
    }

    @Test
    void aClaimThatOneNestedScopeRefusesIsRolledBackInTheOther() {
        QuotaScope pub = scope("home/pub", 10);
        for (List<QuotaScope> order : List.of(List.of(home, pub), List.of(pub, home))) {
            try (Quota.Reservation both = quota.open(order)) {
                both.claim(5);
                assertThatThrownBy(() -> both.claim(20)).isInstanceOf(Failure.QuotaExceeded.class);
                // only the 5 accepted bytes are held, in both scopes
                assertThat(fits(95, home)).isTrue();
                assertThat(fits(96, home)).isFalse();
                assertThat(fits(5, pub)).isTrue();
                assertThat(fits(6, pub)).isFalse();
            }
        }
        assertThat(fits(100, home)).isTrue();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void concurrentUploadsNeverPassTheLimit() throws Exception {
        // the ledger alone keeps count here, so the scope fills exactly
        assertThat(fillConcurrently(new UsageQuota(clock, TTL))).isEqualTo(100);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void concurrentUploadsNeverPassTheLimitWhileMeasuringEveryTime() throws Exception {
        // a zero period and a real clock: every claim measures the storage while others commit into it
        assertThat(fillConcurrently(new UsageQuota(Clock.systemUTC(), Duration.ZERO))).isBetween(1, 100);
    }

    /**
     * Eight writers store 1 KiB files into a 100 KiB scope until refused. Each writes to the
     * storage only what it claimed; at the end the storage must hold at most the limit.
     *
     * @return how many files were stored
     */
    private int fillConcurrently(UsageQuota shared) throws Exception {
        int writers = 8;
        int chunk = 1024;
        QuotaScope scope = scope("home", 100 * chunk);
        AtomicInteger names = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    int stored = 0;
                    while (true) {
                        try (Quota.Reservation reservation = shared.open(List.of(scope))) {
                            reservation.claim(chunk);
                            file(storage, "home/pub/f" + names.incrementAndGet(), new byte[chunk]);
                            reservation.commit(0);
                            stored++;
                        } catch (Failure.QuotaExceeded refused) {
                            return stored;
                        }
                    }
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(15, TimeUnit.SECONDS);
            }
            assertThat(storage.usage(StorageKey.parse("home"))).isEqualTo((long) total * chunk).isLessThanOrEqualTo(100L * chunk);
            return total;
        }
    }
}
