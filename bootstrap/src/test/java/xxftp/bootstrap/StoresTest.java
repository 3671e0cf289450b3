package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.port.Storage;

class StoresTest {

    @TempDir
    Path root;

    @Test
    void theSweepAtStartTakesTemporariesFromBeforeTheProcessNotThoseOfThisRun() throws Exception {
        Instant processStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Path crashed = temporary("crashed", processStart.minusSeconds(1));
        // this run's upload, stamped by a file system clock a little behind the moment the tree is made
        Path running = temporary("running", Instant.now());

        Stores.sweepLeftovers(tree());

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(crashed) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(crashed).doesNotExist();
        assertThat(running).hasContent("in flight");
    }

    /** As an admin command opens it, beside a server whose upload started before the command did. */
    @Test
    void openingTheTreeSweepsNothing() throws Exception {
        Path inFlight = temporary("in-flight", Instant.now().minusSeconds(60));

        tree();
        Thread.sleep(500);

        assertThat(inFlight).hasContent("in flight");
    }

    private Storage tree() {
        return new Stores(settings -> {
            throw new AssertionError("no bucket here");
        }).tree(new StorageOptions.Local(root, new StorageOptions.S3Access(Optional.empty(), Optional.empty(), false)));
    }

    private Path temporary(String name, Instant written) throws IOException {
        Path file = Files.writeString(root.resolve(ControlFiles.TEMPORARY_PREFIX + name), "in flight");
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }
}
