package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class DataSetupTest {

    @Test
    void aPassiveListenerTakenOrReplacedLeavesNoTimerBehind() throws IOException {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            DataSetup data = new DataSetup(new DataPeer(loopback, Optional.empty()), loopback, Duration.ofSeconds(30), timers);
            for (int i = 0; i < 100; i++) {
                data.passive(listener(loopback));
            }
            // each PASV replaced the last: one listener waits, with one timer
            assertThat(timers.getQueue()).hasSize(1);
            DataEndpoint taken = data.take().orElseThrow();
            assertThat(timers.getQueue()).isEmpty();
            taken.close();
            data.passive(listener(loopback));
            data.close();
            assertThat(timers.getQueue()).isEmpty();
        } finally {
            timers.shutdownNow();
        }
    }

    private static ServerSocketChannel listener(InetAddress address) throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(address, 0));
    }
}
