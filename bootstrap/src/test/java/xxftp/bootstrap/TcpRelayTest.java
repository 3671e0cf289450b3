package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The long link of the relay: each way late by the delay, at most a window in flight. */
@Timeout(30)
class TcpRelayTest {

    private static final InetAddress RELAY = loopback("127.0.0.6");
    private static final Duration DELAY = Duration.ofMillis(10);
    private static final int WINDOW = 256 << 10;

    @Test
    void aRoundTripTakesTwoDelaysAndTheWindowBoundsTheRate() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TcpRelay relay = TcpRelay.longLink(RELAY, InetAddress.getLoopbackAddress(), DELAY, WINDOW)
                     .relay(echo.getLocalPort())) {
            Thread.ofVirtual().start(() -> echo(echo));
            try (Socket client = new Socket(RELAY, echo.getLocalPort())) {
                OutputStream out = client.getOutputStream();
                DataInputStream in = new DataInputStream(client.getInputStream());

                long start = System.nanoTime();
                out.write(1);
                assertThat(in.read()).isEqualTo(1);
                long roundTrip = System.nanoTime() - start;

                byte[] sent = new byte[4 << 20];
                new Random(7).nextBytes(sent);
                byte[] back = new byte[sent.length];
                start = System.nanoTime();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        out.write(sent);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                in.readFully(back);
                long bulk = System.nanoTime() - start;
                writer.join();

                assertThat(Duration.ofNanos(roundTrip)).isGreaterThanOrEqualTo(DELAY.multipliedBy(2));
                assertThat(Arrays.equals(back, sent)).isTrue();
                // each way carries at most a window per round trip: 16 round trips for 4 MiB
                assertThat(Duration.ofNanos(bulk)).isGreaterThanOrEqualTo(DELAY.multipliedBy(2 * 16));
            }
        }
    }

    private static void echo(ServerSocket listener) {
        try (Socket socket = listener.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
