package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import xxftp.domain.model.Failure;
import xxftp.domain.testkit.StorageFixtures;

class PasswordCheckTest {

    private static final String STORED = PasswordHash.create("s3cret") + "\n";

    private final StorageFixtures.MutableClock clock = new StorageFixtures.MutableClock();
    private final AtomicInteger slowHashes = new AtomicInteger();
    private final PasswordCheck check = new PasswordCheck(1, Duration.ofSeconds(5), Duration.ofMinutes(10), 2, clock,
            (stored, password) -> {
                slowHashes.incrementAndGet();
                return PasswordHash.matches(stored, password);
            });

    @Test
    void aVerifiedPasswordCostsNoSlowHashTheSecondTime() {
        for (int i = 0; i < 100; i++) {
            assertThat(check.matches("alice", STORED, "s3cret")).isTrue();
        }
        assertThat(slowHashes).hasValue(1);
    }

    @Test
    void aWrongPasswordIsNeverRememberedNorCheap() {
        assertThat(check.matches("alice", STORED, "s3cret")).isTrue();
        assertThat(check.matches("alice", STORED, "s3creT")).isFalse();
        assertThat(check.matches("alice", STORED, "s3creT")).isFalse();
        assertThat(check.matches("alice", STORED, "")).isFalse();
        assertThat(slowHashes).hasValue(4);
    }

    @Test
    void theEntryDiesWithAnyEditOfThePasswordFileAndIsTheUsersOwn() {
        assertThat(check.matches("alice", STORED, "s3cret")).isTrue();
        // the same password hashed anew (another salt) is another file: verified from scratch
        assertThat(check.matches("alice", PasswordHash.create("s3cret"), "s3cret")).isTrue();
        assertThat(check.matches("alice", PasswordHash.create("other"), "s3cret")).isFalse();
        // a trailing newline more is an edit too
        assertThat(check.matches("alice", STORED + "\n", "s3cret")).isTrue();
        // alice's entry is nothing to bob, even with the same file text
        assertThat(check.matches("bob", STORED, "s3cret")).isTrue();
        assertThat(slowHashes).hasValue(5);
    }

    @Test
    void entriesDieAfterTheirAgeAndTheLeastRecentGoPastTheBound() {
        check.matches("alice", STORED, "s3cret");
        clock.advance(Duration.ofMinutes(11));
        check.matches("alice", STORED, "s3cret");
        assertThat(slowHashes).hasValue(2);

        // a bound of two: bob and carol push alice out
        check.matches("bob", STORED, "s3cret");
        check.matches("carol", STORED, "s3cret");
        check.matches("carol", STORED, "s3cret");
        assertThat(slowHashes).hasValue(4);
        check.matches("alice", STORED, "s3cret");
        assertThat(slowHashes).hasValue(5);
    }

    @Test
    void theOriginalMd5FormIsCheckedDirectly() {
        String md5 = PasswordHash.legacyMd5("old");
        assertThat(check.matches("alice", md5, "old")).isTrue();
        assertThat(check.matches("alice", md5, "Old")).isFalse();
        assertThat(slowHashes).hasValue(0);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aCheckThatWaitsPastItsLimitForATurnIsBusy() throws Exception {
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordCheck oneSlot = new PasswordCheck(1, Duration.ofMillis(50), Duration.ofMinutes(10), 100, clock,
                (stored, password) -> {
                    hashing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return false;
                });
        Thread first = Thread.ofVirtual().start(() -> oneSlot.matches("hog", STORED, "guess"));
        assertThat(hashing.await(10, TimeUnit.SECONDS)).isTrue();
        Failure refused = null;
        try {
            oneSlot.matches("alice", STORED, "s3cret");
        } catch (Failure.Busy busy) {
            refused = busy;
        }
        assertThat(refused).isInstanceOf(Failure.Busy.class);
        release.countDown();
        first.join();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theSameLoginManyTimesAtOnceCostsOneHash() throws Exception {
        AtomicInteger hashes = new AtomicInteger();
        PasswordCheck check = new PasswordCheck(1, Duration.ofSeconds(5), Duration.ofMinutes(10), 100, clock,
                (stored, password) -> {
                    hashes.incrementAndGet();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return PasswordHash.matches(stored, password);
                });
        CountDownLatch go = new CountDownLatch(1);
        java.util.List<Thread> logins = new java.util.ArrayList<>();
        AtomicInteger matched = new AtomicInteger();
        for (int i = 0; i < 16; i++) {
            logins.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (check.matches("alice", STORED, "s3cret")) {
                    matched.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread login : logins) {
            login.join();
        }
        assertThat(matched).hasValue(16);
        assertThat(hashes).hasValue(1);
    }
}
