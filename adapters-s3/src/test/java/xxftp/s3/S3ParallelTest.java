package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import xxftp.domain.model.Failure;

class S3ParallelTest {

    @Test
    void resultsComeInTheItemsOrderWithAtMostTheBoundRunning() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 40).boxed().toList();

        List<Integer> results = S3Parallel.run(items, 3, item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(40 - item);
            running.decrementAndGet();
            return item * 10;
        }).orThrow();

        assertThat(results).isEqualTo(items.stream().map(item -> item * 10).toList());
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void aFailureComesAfterEveryTaskEndedWithTheOthersResults() {
        AtomicInteger ended = new AtomicInteger();

        S3Parallel.Outcome<String> outcome = S3Parallel.run(List.of("a", "b", "c", "d"), 2, item -> {
            try {
                sleep(20);
                if (item.equals("b")) {
                    throw new Failure.StorageUnavailable("copy " + item, null);
                }
                if (item.equals("c")) {
                    throw new IllegalStateException("not a failure");
                }
                return item;
            } finally {
                ended.incrementAndGet();
            }
        });

        assertThat(ended.get()).isEqualTo(4);
        assertThat(outcome.succeeded()).containsExactly("a", "d");
        assertThat(outcome.failure()).get().isInstanceOf(Failure.StorageUnavailable.class)
                .extracting(Throwable::getMessage).isEqualTo("copy b");
        assertThatThrownBy(outcome::orThrow).isSameAs(outcome.failure().get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
