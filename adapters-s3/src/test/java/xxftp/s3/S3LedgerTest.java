package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;

import java.time.Clock;
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
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Quota;
import xxftp.domain.tree.LedgerQuotaSettings;
import xxftp.domain.tree.SharedQuota;
import xxftp.domain.tree.UsageQuota;

/** The quota ledger in a bucket: its one atomic step proven on S3Proxy first, then quotas of several servers built on it. */
class S3LedgerTest {

    private static final long MIB = 1 << 20;
    private static final StorageKey HOME = StorageKey.parse("home");
    private static final StorageKey FOLDER = ControlFiles.in(HOME, ControlFiles.QUOTA_LEDGER);

    private final S3TestServer server = S3TestServer.get();
    private S3Settings settings;
    private S3Storage storage;
    private S3Ledger ledger;

    @BeforeEach
    void freshPrefix() {
        settings = server.freshPrefix();
        storage = new S3Storage(server.client(), settings);
        ledger = new S3Ledger(storage);
        dir(storage, "home");
    }

    @Test
    void anEntryIsCreatedOnceListedByNameAndRemoved() {
        assertThat(ledger.append(FOLDER, "a", "first")).isTrue();
        assertThat(ledger.append(FOLDER, "a", "second")).isFalse();
        assertThat(ledger.append(FOLDER, "b", "h-ab.1-2-3")).isTrue();
        assertThat(ledger.append(FOLDER, "c", "x")).isTrue();
        assertThat(ledger.namesAfter(FOLDER, "")).containsExactly("a", "b", "c");
        assertThat(ledger.namesAfter(FOLDER, "a")).containsExactly("b", "c");
        assertThat(ledger.read(FOLDER, "a")).contains("first");
        assertThat(ledger.read(FOLDER, "b")).contains("h-ab.1-2-3");
        ledger.remove(FOLDER, List.of("a", "c", "missing"));
        assertThat(ledger.namesAfter(FOLDER, "")).containsExactly("b");
        assertThat(ledger.read(FOLDER, "a")).isEmpty();
        assertThat(server.client().headObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + "home/.xxftp/quota-ledger/b"))
                .contentLength()).isZero();
    }

    /** What everything else stands on: of many creates of one key at once, exactly one wins. */
    @Test
    void racingCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
        int racers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    S3Ledger racer = new S3Ledger(new S3Storage(i % 2 == 0 ? server.client() : server.newClient(), settings));
                    results.add(pool.submit(() -> {
                        start.await();
                        return racer.append(FOLDER, name, "racer");
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> result : results) {
                    won += result.get() ? 1 : 0;
                }
                assertThat(won).as("winners of round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theLedgerIsNoPartOfAScopesUsage() {
        file(storage, "home/a.txt", "12345");
        ledger.append(FOLDER, "0000000000000000000", "h-ab.1-1048576-99");
        assertThat(storage.usage(HOME)).isEqualTo(5);
    }

    @Test
    void theProbeTrustsAStoreThatRefusesASecondCreateAndLeavesNothing() {
        assertThat(new S3Ledger(new S3Storage(server.client(), settings)).refusesSecondCreate()).isTrue();
        assertThat(server.client().listObjectsV2(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).contents())
                .extracting(object -> object.key().substring(settings.prefix().length())).containsExactly("home/");
    }

    @Test
    void theProbeDistrustsAStoreThatIgnoresIfNoneMatch() {
        assertThat(new S3Ledger(new S3Storage(InterceptedClient.overwriting(server.client()), settings)).refusesSecondCreate()).isFalse();
    }

    /** Three servers with clients of their own claim 2 MiB each, twelve at once, in a 10 MiB home. */
    @Test
    void concurrentUploadsOnThreeServersNeverPassTheLimitAndAreNotRefusedUnduly() throws Exception {
        List<SharedQuota> nodes = List.of(node(server.client()), node(server.newClient()), node(server.newClient()));
        QuotaScope home = new QuotaScope(new Location(storage, HOME), 10 * MIB);
        int uploads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Quota.Reservation>> results = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            SharedQuota node = nodes.get(i % 3);
            int number = i;
            results.add(pool.submit(() -> {
                start.await();
                Quota.Reservation reservation = node.open(List.of(home));
                try {
                    for (int buffer = 0; buffer < 8; buffer++) {
                        reservation.claim(MIB / 4);
                    }
                    // as an upload does: the bytes are stored before the commit announces them
                    file(storage, "home/up" + number + ".bin", new byte[2 * (int) MIB]);
                    reservation.commit(0);
                    return reservation;
                } catch (Failure.QuotaExceeded refused) {
                    reservation.close();
                    return null;
                }
            }));
        }
        start.countDown();
        long accepted = 0;
        for (Future<Quota.Reservation> result : results) {
            Quota.Reservation upload = result.get();
            if (upload != null) {
                accepted += 2 * MIB;
            }
        }
        pool.shutdown();
        assertThat(accepted).isLessThanOrEqualTo(10 * MIB).isGreaterThanOrEqualTo(8 * MIB);
        assertThat(storage.usage(HOME)).isEqualTo(accepted);
        // what the commits announced counts on every server; nothing else is held any more
        assertThat(fits(nodes.get(1), home, 10 * MIB - accepted)).isTrue();
        assertThat(fits(nodes.get(2), home, 10 * MIB - accepted + 1)).isFalse();
    }

    private static boolean fits(SharedQuota node, QuotaScope scope, long bytes) {
        try (Quota.Reservation probe = node.open(List.of(scope))) {
            probe.claim(bytes);
            return true;
        } catch (Failure.QuotaExceeded refused) {
            return false;
        }
    }

    @Test
    void aThrottlingStoreFailsTheClaimAndHoldsNothing() {
        S3Client throttling = InterceptedClient.around(server.client(), "putObject", (number, real) -> {
            throw S3Exception.builder().statusCode(503)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").build()).build();
        });
        SharedQuota throttled = new SharedQuota(where -> Optional.of(new S3Ledger(new S3Storage(throttling, settings))),
                new UsageQuota(Clock.systemUTC(), Duration.ofMinutes(1)), new LedgerQuotaSettings(Duration.ofMinutes(2), 64 * MIB,
                Duration.ofMinutes(1), Duration.ZERO), Clock.systemUTC());
        QuotaScope home = new QuotaScope(new Location(storage, HOME), 10 * MIB);
        try (Quota.Reservation upload = throttled.open(List.of(home))) {
            assertThatThrownBy(() -> upload.claim(MIB)).isInstanceOf(Failure.StorageUnavailable.class);
        }
        assertThat(ledger.namesAfter(FOLDER, "")).isEmpty();
    }

    private SharedQuota node(S3Client client) {
        S3Ledger nodeLedger = new S3Ledger(new S3Storage(client, settings));
        return new SharedQuota(where -> Optional.of(nodeLedger), new UsageQuota(Clock.systemUTC(), Duration.ofMinutes(1)),
                new LedgerQuotaSettings(Duration.ofMinutes(2), 64 * MIB, Duration.ofMinutes(1),
                LedgerQuotaSettings.DEFAULT_PATIENCE), Clock.systemUTC());
    }
}
