package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PrefetchedTest {

    @Test
    void everyItemComesInOrderAcrossBatches() {
        List<Integer> source = IntStream.range(0, 10_000).boxed().toList();
        try (Stream<Integer> read = Prefetched.of(source.stream())) {
            assertThat(read.toList()).isEqualTo(source);
        }
    }

    @Test
    void anErrorOfTheSourceComesAfterTheItemsBeforeIt() {
        Stream<Integer> failing = IntStream.range(0, 1_000).boxed().peek(i -> {
            if (i == 700) {
                throw new IllegalStateException("disk gone at 700");
            }
        });
        AtomicInteger seen = new AtomicInteger();
        try (Stream<Integer> read = Prefetched.of(failing)) {
            assertThatThrownBy(() -> read.forEach(i -> seen.incrementAndGet())).hasMessage("disk gone at 700");
        }
        assertThat(seen).hasValue(700);
    }

    @Test
    void closingAfterAFewItemsStopsTheReaderAndClosesTheSource() {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        AtomicInteger produced = new AtomicInteger();
        // endless: the reader can only stop because the reading side closed
        Stream<Integer> endless = Stream.iterate(0, i -> i + 1).peek(i -> produced.incrementAndGet())
                .onClose(() -> sourceClosed.set(true));
        Stream<Integer> read = Prefetched.of(endless);
        assertThat(read.limit(3).toList()).containsExactly(0, 1, 2);
        read.close();
        assertThat(sourceClosed).isTrue();
        int stoppedAt = produced.get();
        // four batches of 256 wait at most, and one more was being filled
        assertThat(stoppedAt).isLessThanOrEqualTo(6 * 256);
        assertThat(produced.get()).isEqualTo(stoppedAt);
    }
}
