package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import xxftp.domain.model.Location;
import xxftp.domain.model.StorageKey;
import xxftp.domain.testkit.MemoryStorage;
import xxftp.domain.testkit.StorageFixtures;

class TreeFilesTest {

    private final MemoryStorage root = new MemoryStorage();
    private final StorageFixtures.MutableClock clock = new StorageFixtures.MutableClock();
    private final TreeFiles files = new TreeFiles(clock, Duration.ofSeconds(10));
    private final Location size = new Location(root, StorageKey.parse("alice/.xxftp/size"));

    @Test
    void anEditIsSeenAfterTheFreshPeriod() {
        file(root, "alice/.xxftp/size", "100");
        assertThat(files.read(size)).contains("100");
        file(root, "alice/.xxftp/size", "200");
        assertThat(files.read(size)).contains("100");
        clock.advance(Duration.ofSeconds(10));
        assertThat(files.read(size)).contains("200");
    }

    @Test
    void forgetRereadsAtOnce() {
        file(root, "alice/.xxftp/size", "100");
        assertThat(files.read(size)).contains("100");
        file(root, "alice/.xxftp/size", "200");
        files.forget(size);
        assertThat(files.read(size)).contains("200");
    }

    @Test
    void aMissingFileOrADirectoryReadsAsAbsent() {
        assertThat(files.read(size)).isEmpty();
        dir(root, "alice/.xxftp/size");
        files.forget(size);
        assertThat(files.read(size)).isEmpty();
        assertThat(files.firstLine(size)).isEmpty();
    }

    @Test
    void firstLineIsTrimmedAndBlankIsAbsent() {
        file(root, "alice/.xxftp/size", "  42 \r\n7\n");
        assertThat(files.firstLine(size)).contains("42");
        file(root, "alice/.xxftp/size", " \n42\n");
        files.forget(size);
        assertThat(files.firstLine(size)).isEmpty();
    }

    @Test
    void aHugeFileIsCutRatherThanReadWhole() {
        file(root, "alice/.xxftp/size", "x".repeat(TreeFiles.MAX_BYTES + 1000));
        assertThat(files.read(size)).hasValueSatisfying(text -> assertThat(text).hasSize(TreeFiles.MAX_BYTES));
    }
}
