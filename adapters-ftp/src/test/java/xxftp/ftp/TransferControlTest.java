package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How long an upload's end waits to learn whether the client left: longer only on a starved machine. */
class TransferControlTest {

    private static final long WAIT = TransferControl.CLIENT_LEFT_WAIT_NANOS;

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger waits = new AtomicInteger();

    /** A wait that takes {@code took} of the clock and sees the control loop end on wait number {@code endsOn} (0: never). */
    private TransferControl.Wait waitTaking(long took, int endsOn) {
        return nanos -> {
            assertThat(nanos).isEqualTo(WAIT);
            now.addAndGet(took);
            return waits.incrementAndGet() == endsOn;
        };
    }

    @Test
    void aClientStillThereIsKnownAfterOneWaitThatKeptTime() throws InterruptedException {
        assertThat(TransferControl.clientLeft(waitTaking(WAIT + 100_000, 0), now::get)).isFalse();
        assertThat(waits).hasValue(1);
    }

    @Test
    void aControlLoopEndingInTheFirstWaitIsAClientGone() throws InterruptedException {
        assertThat(TransferControl.clientLeft(waitTaking(100_000, 1), now::get)).isTrue();
        assertThat(waits).hasValue(1);
    }

    @Test
    void waitsThatOverranAreFollowedByMoreUntilTheControlLoopEnds() throws InterruptedException {
        // each wait woke 10 ms late: a starved machine, where the control loop is late as well
        assertThat(TransferControl.clientLeft(waitTaking(WAIT + 10_000_000, 4), now::get)).isTrue();
        assertThat(waits).hasValue(4);
    }

    @Test
    void overrunsStopAtTheMostWaits() throws InterruptedException {
        assertThat(TransferControl.clientLeft(waitTaking(3 * WAIT, 0), now::get)).isFalse();
        assertThat(waits).hasValue(TransferControl.MOST_CLIENT_LEFT_WAITS);
    }
}
