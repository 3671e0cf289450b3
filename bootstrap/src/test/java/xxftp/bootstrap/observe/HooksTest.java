package xxftp.bootstrap.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.model.VirtualPath;
import xxftp.ftp.events.FtpEvent;

class HooksTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFullQueueDropsEventsCountedAndNeverWaits(@TempDir Path dir) throws Exception {
        Path busy = dir.resolve("busy");
        Metrics metrics = new Metrics();
        Hooks hooks = new Hooks(List.of(Hook.command("quota-refused=sh -c 'touch " + busy + "; sleep 3'")),
                new Hooks.Settings(Duration.ofSeconds(10), Optional.empty(), 0, Duration.ofMillis(10), 1), metrics, Clock.systemUTC());
        FtpEvent.Client client = new FtpEvent.Client(1, InetAddress.getLoopbackAddress(), Optional.of("alice"));
        FtpEvent refused = new FtpEvent.QuotaRefused(client, "STOR", VirtualPath.ROOT.resolve("/big.bin"));
        hooks.on(refused);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(busy) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(busy).as("the first event's hook runs").exists();
        // one more fits the lane's queue of one; the next ten are dropped, each at once
        long started = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            hooks.on(refused);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
        ByteArrayOutputStream scraped = new ByteArrayOutputStream();
        metrics.scrape(scraped);
        assertThat(scraped.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^xxftp_hook_events_dropped_total 10\\.0$");
        hooks.close(Duration.ofMillis(100));
    }
}
