package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;
import xxftp.domain.testkit.StorageFixtures;

/**
 * A folder {@code alice/d} swapped, over and over, between the real folder holding {@code f} and
 * a link to a folder holding another {@code f}: the home's {@code .xxftp} or a folder outside the
 * root. A reader going through {@code alice/d/f} meanwhile sees the real bytes or NotFound, never
 * the other file's; a writer never puts a file beside it.
 */
class LocalStorageLinkRaceTest {

    private static final int ENOUGH = 50;
    private static final Duration AT_MOST = Duration.ofSeconds(3);

    @TempDir
    Path sandbox;

    @ParameterizedTest
    @ValueSource(strings = {"control", "outside"})
    @Timeout(30)
    void aFolderSwappedForALinkNeverLeaks(String where) throws Exception {
        Path root = Files.createDirectories(sandbox.resolve("root"));
        Path d = Files.createDirectories(root.resolve("alice/d"));
        Files.writeString(d.resolve("f"), "public");
        Path stash = root.resolve("alice/stash");
        Path control = Files.createDirectories(root.resolve("alice/.xxftp"));
        Files.writeString(control.resolve("f"), "SECRET control copy");
        Path outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("f"), "SECRET outside");
        Path secretFolder = where.equals("control") ? control : outside;
        LocalStorage storage = LocalStorage.ofTree(root);

        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Long> swaps = CompletableFuture.supplyAsync(() -> swap(d, stash, secretFolder, stop));
        int seen = 0;
        int missing = 0;
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        try {
            while ((seen < ENOUGH || missing < ENOUGH) && System.nanoTime() < deadline) {
                try {
                    assertThat(StorageFixtures.text(storage, "alice/d/f")).isEqualTo("public");
                    seen++;
                } catch (Failure.NotFound expected) {
                    missing++;
                }
                try (Upload upload = storage.write(StorageKey.parse("alice/d/w"), WriteMode.REPLACE, 0)) {
                    StorageFixtures.writeAll(upload, "written".getBytes());
                    upload.commit();
                } catch (Failure.NotFound expected) {
                    missing++;
                }
            }
        } finally {
            stop.set(true);
        }

        assertThat(swaps.get()).as("swaps").isPositive();
        assertThat(seen).as("reads of the real folder").isPositive();
        assertThat(missing).as("operations that met the link or no folder").isPositive();
        try (Stream<Path> files = Files.list(secretFolder)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("f");
        }
    }

    /** Swaps until stopped; returns how many times the link was in place. */
    private static long swap(Path d, Path stash, Path secretFolder, AtomicBoolean stop) {
        long swaps = 0;
        try {
            while (!stop.get()) {
                Files.move(d, stash);
                Files.createSymbolicLink(d, secretFolder);
                swaps++;
                Files.delete(d);
                Files.move(stash, d);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return swaps;
    }
}
