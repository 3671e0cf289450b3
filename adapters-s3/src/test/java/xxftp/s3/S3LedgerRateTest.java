package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.domain.testkit.StorageFixtures.dir;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Quota;
import xxftp.domain.tree.LedgerQuotaSettings;
import xxftp.domain.tree.SharedQuota;
import xxftp.domain.tree.UsageQuota;

/**
 * How many quota holds one scope sustains on S3Proxy, with three servers of four uploads each
 * writing its ledger, on a plain, a slow and a throttling store (printed for the README; the
 * assertions are what must hold whatever the rate: no hold beyond the limit, none lost).
 */
class S3LedgerRateTest {

    private static final long MIB = 1 << 20;
    private static final Duration RUN = Duration.ofSeconds(4);

    private final S3TestServer server = S3TestServer.get();

    /** Uploads of 1 MiB each, as many as fit in the time: each is one hold and one release. */
    private record Figures(long uploads, long refused, long unavailable, long puts, double seconds) {
        double appendsPerSecond() {
            return 2 * uploads / seconds;
        }
    }

    private Figures run(String what, long limit, java.util.function.UnaryOperator<S3Client> store) throws Exception {
        S3Settings settings = server.freshPrefix();
        S3Storage storage = new S3Storage(server.client(), settings);
        dir(storage, "home");
        QuotaScope home = new QuotaScope(new Location(storage, StorageKey.parse("home")), limit);
        AtomicLong puts = new AtomicLong();
        AtomicLong uploads = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong unavailable = new AtomicLong();
        AtomicLong holding = new AtomicLong();
        AtomicLong mostHeld = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + RUN.toNanos();
        long started = System.nanoTime();
        for (int node = 0; node < 3; node++) {
            S3Client client = InterceptedClient.around(store.apply(server.newClient()), "putObject", (number, real) -> {
                puts.incrementAndGet();
                return real.proceed();
            });
            S3Ledger ledger = new S3Ledger(new S3Storage(client, settings));
            SharedQuota quota = new SharedQuota(where -> Optional.of(ledger), new UsageQuota(Clock.systemUTC(), Duration.ofMinutes(1)),
                    new LedgerQuotaSettings(Duration.ofMinutes(2), 64 * MIB, Duration.ofMinutes(1), Duration.ZERO), Clock.systemUTC());
            for (int upload = 0; upload < 4; upload++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (System.nanoTime() < end) {
                        try (Quota.Reservation reservation = quota.open(List.of(home))) {
                            reservation.claim(MIB);
                            mostHeld.accumulateAndGet(holding.addAndGet(MIB), Math::max);
                            uploads.incrementAndGet();
                            holding.addAndGet(-MIB);
                        } catch (Failure.QuotaExceeded e) {
                            refused.incrementAndGet();
                        } catch (Failure.StorageUnavailable e) {
                            unavailable.incrementAndGet();
                        }
                    }
                }));
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Figures figures = new Figures(uploads.get(), refused.get(), unavailable.get(), puts.get(),
                (System.nanoTime() - started) / 1e9);
        System.out.printf("[S3LedgerRateTest] %s: %.0f ledger appends/s won (%d uploads, %d refused, %d failed 451), %.0f PUTs/s tried%n",
                what, figures.appendsPerSecond(), figures.uploads, figures.refused, figures.unavailable, figures.puts / figures.seconds);
        assertThat(mostHeld.get()).as("claims held at once").isLessThanOrEqualTo(limit);
        return figures;
    }

    @Test
    void aScopeSustainsDozensOfHoldsPerSecondAndNeverMoreThanItsLimit() throws Exception {
        Figures plain = run("plain store, 12 uploads on 3 servers", 1024 * MIB, client -> client);
        assertThat(plain.uploads()).isPositive();
        assertThat(plain.unavailable()).isZero();
        Figures tight = run("plain store, limit 4 MiB", 4 * MIB, client -> client);
        assertThat(tight.refused()).isPositive();
    }

    @Test
    void aSlowStoreSlowsHoldsAndAThrottlingOneFailsThemWithoutPassingTheLimit() throws Exception {
        Figures slow = run("every PUT 50 ms slower", 4 * MIB, client -> InterceptedClient.around(client, "putObject",
                (number, real) -> {
                    Thread.sleep(50);
                    return real.proceed();
                }));
        assertThat(slow.uploads()).isPositive();
        AtomicInteger throttled = new AtomicInteger();
        Figures throttling = run("every 3rd PUT 503 SlowDown (after the SDK's retries)", 4 * MIB,
                client -> InterceptedClient.around(client, "putObject", (number, real) -> {
                    if (number % 3 == 0) {
                        throttled.incrementAndGet();
                        throw S3Exception.builder().statusCode(503)
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").build()).build();
                    }
                    return real.proceed();
                }));
        assertThat(throttled.get()).isPositive();
        assertThat(throttling.unavailable()).isPositive();
    }
}
