package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.model.StorageKey;

/** Where a key's file is on disk, as event hooks report it: under the root's real path. */
class FileOfKeyTest {

    @Test
    void aKeyIsItsSegmentsUnderTheRealRoot(@TempDir Path folder) throws IOException {
        Path root = Files.createDirectory(folder.resolve("tree"));
        Path link = Files.createSymbolicLink(folder.resolve("served"), root);

        LocalStorage storage = new LocalStorage(link);

        assertThat(storage.file(StorageKey.parse("alice/incoming/a b.txt")))
                .isEqualTo(root.toRealPath().resolve("alice").resolve("incoming").resolve("a b.txt"));
        assertThat(storage.file(StorageKey.ROOT)).isEqualTo(root.toRealPath());
    }
}
