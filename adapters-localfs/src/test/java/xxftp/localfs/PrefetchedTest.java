package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PrefetchedTest {

    @Test
    void everyItemComesInOrderAcrossBatchesAndNullsAreLeftOut() {
        List<Integer> source = IntStream.range(0, 10_000).boxed().toList();
        try (Stream<Integer> read = Prefetched.of(source.stream(), i -> i % 3 == 0 ? null : -i)) {
            assertThat(read.toList()).isEqualTo(source.stream().filter(i -> i % 3 != 0).map(i -> -i).toList());
        }
    }

    @Test
    void twoBatchesAreResolvedAtOnce() {
        // the first item of each of the first two batches waits for the other: only resolved side by side do they pass
        CyclicBarrier both = new CyclicBarrier(2);
        Function<Integer, Integer> resolve = i -> {
            if (i == 0 || i == 256) {
                try {
                    both.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("batches resolved one after the other", e);
                }
            }
            return i;
        };
        try (Stream<Integer> read = Prefetched.of(IntStream.range(0, 600).boxed(), resolve)) {
            assertThat(read.toList()).hasSize(600).isSorted();
        }
    }

    @Test
    void anErrorOfTheNamesComesAfterTheItemsBeforeIt() {
        Stream<Integer> failing = IntStream.range(0, 1_000).boxed().peek(i -> {
            if (i == 700) {
                throw new IllegalStateException("disk gone at 700");
            }
        });
        AtomicInteger seen = new AtomicInteger();
        try (Stream<Integer> read = Prefetched.of(failing, Function.identity())) {
            assertThatThrownBy(() -> read.forEach(i -> seen.incrementAndGet())).hasMessage("disk gone at 700");
        }
        assertThat(seen).hasValue(700);
    }

    @Test
    void anErrorResolvingAnItemComesInItsPlaceAndEndsTheStream() {
        AtomicInteger seen = new AtomicInteger();
        Function<Integer, Integer> resolve = i -> {
            if (i == 300) {
                throw new IllegalStateException("stat failed at 300");
            }
            return i;
        };
        try (Stream<Integer> read = Prefetched.of(IntStream.range(0, 1_000).boxed(), resolve)) {
            assertThatThrownBy(() -> read.forEach(i -> assertThat(i).isEqualTo(seen.getAndIncrement())))
                    .hasMessage("stat failed at 300");
        }
        assertThat(seen).hasValue(300);
    }

    @Test
    void closingAfterAFewItemsStopsTheReadersThenClosesTheSource() {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        AtomicBoolean resolvedAfterClose = new AtomicBoolean();
        AtomicInteger produced = new AtomicInteger();
        // endless: the reader can only stop because the reading side closed
        Stream<Integer> endless = Stream.iterate(0, i -> i + 1).peek(i -> produced.incrementAndGet())
                .onClose(() -> sourceClosed.set(true));
        Stream<Integer> read = Prefetched.of(endless, i -> {
            resolvedAfterClose.compareAndSet(false, sourceClosed.get());
            return i;
        });
        assertThat(read.limit(3).toList()).containsExactly(0, 1, 2);
        read.close();
        assertThat(sourceClosed).isTrue();
        int stoppedAt = produced.get();
        // four batches wait or are resolved at most, and one more was being filled
        assertThat(stoppedAt).isLessThanOrEqualTo(6 * 256);
        assertThat(produced.get()).isEqualTo(stoppedAt);
        assertThat(resolvedAfterClose).as("no item resolved once the source was closed").isFalse();
    }
}
