package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Quota;
import xxftp.domain.testkit.MemoryLedger;
import xxftp.domain.testkit.MemoryStorage;
import xxftp.domain.testkit.StorageFixtures;

/** Two servers ("nodes") over one storage and one ledger, as behind a load balancer in front of one bucket. */
class SharedQuotaTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration REMEASURE = Duration.ofMinutes(1);

    private final MemoryStorage storage = new MemoryStorage();
    private final MemoryLedger ledger = new MemoryLedger();
    private final StorageFixtures.MutableClock clock = new StorageFixtures.MutableClock();
    private final QuotaScope home = new QuotaScope(new Location(storage, StorageKey.parse("home")), 100);
    private final SharedQuota nodeA = node(1);
    private final SharedQuota nodeB = node(1);

    @BeforeEach
    void tree() {
        dir(storage, "home/pub");
    }

    private SharedQuota node(long chunkBytes) {
        return new SharedQuota(where -> Optional.of(ledger), new UsageQuota(clock, REMEASURE, Runnable::run),
                new LedgerQuotaSettings(LEASE, chunkBytes, REMEASURE, Duration.ZERO), clock);
    }

    private static Quota.Reservation claimed(SharedQuota node, QuotaScope scope, long bytes) {
        Quota.Reservation reservation = node.open(List.of(scope));
        reservation.claim(bytes);
        return reservation;
    }

    private static boolean fits(SharedQuota node, QuotaScope scope, long bytes) {
        try (Quota.Reservation probe = node.open(List.of(scope))) {
            probe.claim(bytes);
            return true;
        } catch (Failure.QuotaExceeded exceeded) {
            return false;
        }
    }

    private List<String> entries() {
        return ledger.namesAfter(ControlFiles.in(StorageKey.parse("home"), ControlFiles.QUOTA_LEDGER), "");
    }

    @Test
    void aHoldOnOneNodeIsRoomTheOtherCannotTake() {
        try (Quota.Reservation running = claimed(nodeA, home, 60)) {
            assertThat(fits(nodeB, home, 41)).isFalse();
            assertThat(fits(nodeB, home, 40)).isTrue();
        }
        assertThat(fits(nodeB, home, 100)).isTrue();
    }

    @Test
    void bytesOneNodeCommittedCountOnTheOtherBeforeItMeasuresAgain() {
        assertThat(fits(nodeB, home, 100)).isTrue(); // node B has measured 0 used
        Quota.Reservation upload = claimed(nodeA, home, 70);
        file(storage, "home/pub/a.bin", new byte[70]);
        upload.commit(0);
        assertThat(fits(nodeB, home, 31)).isFalse();
        assertThat(fits(nodeB, home, 30)).isTrue();
        clock.advance(REMEASURE.plusSeconds(1));
        assertThat(fits(nodeB, home, 31)).isFalse();
        assertThat(fits(nodeB, home, 30)).isTrue();
    }

    @Test
    void theHoldOfANodeThatStoppedRenewingLapsesAfterTheLease() {
        Quota.Reservation crashed = claimed(nodeA, home, 90);
        clock.advance(LEASE.minusSeconds(1));
        assertThat(fits(nodeB, home, 11)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(fits(nodeB, home, 100)).isTrue();
        // the bytes may be someone else's now: the upload must not go on with them
        assertThatThrownBy(() -> crashed.claim(1)).isInstanceOf(Failure.StorageUnavailable.class);
    }

    @Test
    void renewedHoldsOutliveTheLease() {
        try (Quota.Reservation running = claimed(nodeA, home, 90)) {
            for (int i = 0; i < 5; i++) {
                clock.advance(LEASE.dividedBy(3));
                nodeA.renewLeases();
            }
            assertThat(fits(nodeB, home, 11)).isFalse();
            running.claim(10);
        }
        assertThat(fits(nodeB, home, 100)).isTrue();
    }

    @Test
    void largeUploadsHoldChunksNotBuffers() {
        SharedQuota chunky = node(64);
        QuotaScope big = new QuotaScope(home.root(), 1_000_000);
        try (Quota.Reservation upload = chunky.open(List.of(big))) {
            for (int i = 0; i < 64; i++) {
                upload.claim(8);
            }
        }
        // 512 bytes in 64-byte chunks: 8 holds and one release, not 64 holds
        assertThat(ledger.appends()).isEqualTo(9);
    }

    @Test
    void chunksShrinkWithTheRoomSoEveryNodeStillFindsSome() {
        SharedQuota chunkyA = node(64);
        SharedQuota chunkyB = node(64);
        try (Quota.Reservation a = claimed(chunkyA, home, 1)) {
            // A holds a quarter of the room, not the 64-byte chunk: 75 are left for B
            assertThat(fits(chunkyB, home, 75)).isTrue();
            assertThat(fits(chunkyB, home, 76)).isFalse();
        }
    }

    @Test
    @Timeout(10)
    void theYoungestUploadAndOneBeyondWhatHoldsCouldFreeAreRefusedAtOnce() {
        SharedQuota patient = patientNode();
        try (Quota.Reservation older = claimed(patient, home, 60)) {
            long started = System.nanoTime();
            assertThat(fits(patient, home, 41)).as("nothing younger to wait for").isFalse();
            try (Quota.Reservation younger = claimed(nodeB, home, 10)) {
                assertThatThrownBy(() -> older.claim(41)).as("more than the younger one holds").isInstanceOf(Failure.QuotaExceeded.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    @Timeout(10)
    void whenHoldsStandInTheWayTheYoungestUploadIsRefusedAndTheOlderGoesOn() throws Exception {
        SharedQuota patientA = patientNode();
        SharedQuota patientB = patientNode();
        Quota.Reservation older = claimed(patientA, home, 40);
        Quota.Reservation younger = claimed(patientB, home, 40);
        var olderGrows = java.util.concurrent.CompletableFuture.runAsync(() -> older.claim(30));
        Thread.sleep(200);
        assertThat(olderGrows).isNotDone();
        long started = System.nanoTime();
        assertThatThrownBy(() -> younger.claim(30)).isInstanceOf(Failure.QuotaExceeded.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        younger.close();
        olderGrows.get(5, java.util.concurrent.TimeUnit.SECONDS);
        older.close();
    }

    private SharedQuota patientNode() {
        return new SharedQuota(where -> Optional.of(ledger), new UsageQuota(clock, REMEASURE, Runnable::run),
                new LedgerQuotaSettings(LEASE, 1, REMEASURE, Duration.ofSeconds(5)), clock);
    }

    /** A store that fails every other write (503 SlowDown) must not keep a release from being written. */
    @Test
    void aReleaseTheStoreFailsOnceIsWrittenAnyway() {
        xxftp.domain.port.Ledger flaky = new xxftp.domain.port.Ledger() {
            private int appends;

            @Override
            public boolean append(StorageKey folder, String name, String content) {
                if (appends++ % 2 == 1) {
                    throw new Failure.StorageUnavailable("503 SlowDown", null);
                }
                return ledger.append(folder, name, content);
            }

            @Override
            public List<String> namesAfter(StorageKey folder, String after) {
                return ledger.namesAfter(folder, after);
            }

            @Override
            public Optional<String> read(StorageKey folder, String name) {
                return ledger.read(folder, name);
            }

            @Override
            public void remove(StorageKey folder, List<String> names) {
                ledger.remove(folder, names);
            }
        };
        SharedQuota throttled = new SharedQuota(where -> Optional.of(flaky), new UsageQuota(clock, REMEASURE, Runnable::run),
                new LedgerQuotaSettings(LEASE, 1, REMEASURE, Duration.ZERO), clock);
        claimed(throttled, home, 60).close();
        assertThat(fits(nodeB, home, 100)).isTrue();
    }

    @Test
    void aReplacedFileIsRoomForItsSuccessor() {
        file(storage, "home/pub/a.bin", new byte[80]);
        try (Quota.Reservation replacement = nodeA.open(List.of(home))) {
            replacement.replacing(80);
            replacement.claim(90);
            assertThatThrownBy(() -> replacement.claim(11)).isInstanceOf(Failure.QuotaExceeded.class);
        }
    }

    @Test
    void deadEntriesAreCompactedAndTheFiguresStay() {
        for (int i = 0; i < 3 * LedgerScope.COMPACT_AFTER; i++) {
            claimed(nodeA, home, 5).close();
            clock.advance(Duration.ofSeconds(10));
        }
        try (Quota.Reservation running = claimed(nodeA, home, 60)) {
            assertThat(entries().size()).isLessThanOrEqualTo(LedgerScope.COMPACT_AFTER + 2);
            assertThat(fits(nodeB, home, 41)).isFalse();
            assertThat(fits(nodeB, home, 40)).isTrue();
        }
    }

    /** A server that read before entry n was written would create n anew if it went at once: nothing young goes. */
    @Test
    void compactionRemovesNoEntryYoungerThanALease() {
        long now = 1_000_000_000L;
        long lease = LEASE.toMillis();
        List<LedgerEntry> entries = List.of(
                new LedgerEntry(0, LedgerEntry.Kind.HOLD, "a.0", 10, now + lease - 1),
                new LedgerEntry(1, LedgerEntry.Kind.HOLD, "a.0", 20, now + lease),
                new LedgerEntry(2, LedgerEntry.Kind.HOLD, "b.2", 10, now - 1),
                new LedgerEntry(3, LedgerEntry.Kind.HOLD, "b.2", 20, now + lease),
                new LedgerEntry(4, LedgerEntry.Kind.RELEASE, "c.4", 0, now - 1));
        List<LedgerEntry> dead = LedgerScope.View.of(entries, 5).dead(now, lease);
        // only b's superseded hold, expired: a's superseded one is still young, c's release too
        assertThat(dead).extracting(LedgerEntry::sequence).containsExactly(2L);
    }

    @Test
    void aScopeWithoutLedgerIsCountedInMemoryAsOnOneServer() {
        SharedQuota noLedger = new SharedQuota(where -> Optional.empty(), new UsageQuota(clock, REMEASURE, Runnable::run),
                new LedgerQuotaSettings(LEASE, 64, REMEASURE, Duration.ZERO), clock);
        try (Quota.Reservation running = claimed(noLedger, home, 60)) {
            assertThat(fits(noLedger, home, 41)).isFalse();
            assertThat(fits(noLedger, home, 40)).isTrue();
        }
        assertThat(ledger.appends()).isZero();
    }

    @Test
    void foreignEntriesInTheLedgerAreIgnoredAndTheirNumbersSkipped() {
        StorageKey folder = ControlFiles.in(StorageKey.parse("home"), ControlFiles.QUOTA_LEDGER);
        ledger.append(folder, "README", "h-x.1-99-1");
        ledger.append(folder, LedgerEntry.name(0), "h-X.1-99-abc");
        assertThat(fits(nodeA, home, 100)).isTrue();
        assertThat(ledger.namesAfter(folder, "")).contains(LedgerEntry.name(1), LedgerEntry.name(2));
    }

    @Test
    void entriesAreNamedByTheirNumberAloneAndSpellTheirFields() {
        LedgerEntry entry = new LedgerEntry(42, LedgerEntry.Kind.RELEASE, "ab12.7", 1024, 1_700_000_000_000L);
        assertThat(entry.name()).isEqualTo("0000000000000000042");
        assertThat(entry.content()).isEqualTo("r-ab12.7-1024-1700000000000");
        assertThat(LedgerEntry.parse(42, entry.content())).contains(entry);
        assertThat(LedgerEntry.parse(42, "q-ab12.7-1024-1")).isEmpty();
        assertThat(LedgerEntry.parse(42, "h-AB.7-1024-1")).isEmpty();
        assertThat(LedgerEntry.sequence("0000000000000000042")).hasValue(42);
        assertThat(LedgerEntry.sequence("README")).isEmpty();
    }

    /** Two servers that read the same ledger and hold different bytes write the same number: one of them loses. */
    @Test
    void holdsDecidedOnTheSameFiguresCollide() {
        try (Quota.Reservation a = claimed(nodeA, home, 60)) {
            StorageKey folder = ControlFiles.in(StorageKey.parse("home"), ControlFiles.QUOTA_LEDGER);
            assertThat(ledger.append(folder, LedgerEntry.name(0), "h-other.0-60-" + Long.MAX_VALUE)).isFalse();
        }
    }

    @Test
    @Timeout(30)
    void concurrentClaimsOnTwoNodesNeverPassTheLimit() throws Exception {
        int uploads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        List<Quota.Reservation> held = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < uploads; i++) {
            SharedQuota node = i % 2 == 0 ? nodeA : nodeB;
            results.add(pool.submit(() -> {
                start.await();
                Quota.Reservation reservation = node.open(List.of(home));
                held.add(reservation);
                try {
                    reservation.claim(10);
                    return true;
                } catch (Failure.QuotaExceeded exceeded) {
                    return false;
                }
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> result : results) {
            won += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(10);
        held.forEach(Quota.Reservation::close);
        assertThat(fits(nodeA, home, 100)).isTrue();
    }
}
