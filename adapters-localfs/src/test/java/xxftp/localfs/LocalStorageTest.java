package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.model.Account;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;
import xxftp.domain.tree.TreeFiles;
import xxftp.domain.tree.TreeNamespace;
import xxftp.domain.tree.UsageQuota;
import xxftp.domain.tree.UserTree;

/** What only the disk shows: temporaries, the channel type, the root's checks. */
class LocalStorageTest {

    @TempDir
    Path root;

    @Test
    void aCrashedUploadsTemporaryIsNeitherCountedNorShown() throws IOException {
        Path home = Files.createDirectory(root.resolve("alice"));
        Files.writeString(home.resolve("kept"), "1234");
        Files.writeString(home.resolve(ControlFiles.TEMPORARY_PREFIX + "left-by-a-crash"), "x".repeat(1000));
        LocalStorage storage = new LocalStorage(root);
        Clock clock = Clock.systemUTC();
        UserTree alice = new UserTree(
                new Account("alice", new Location(storage, StorageKey.parse("alice"))),
                new TreeNamespace(storage, new TreeFiles(clock, Duration.ZERO), uri -> Optional.empty()),
                new UsageQuota(clock, Duration.ZERO));

        assertThat(storage.usage(StorageKey.parse("alice"))).isEqualTo(4);
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(4);
        try (Stream<UserTree.Listed> listed = alice.list(VirtualPath.ROOT)) {
            assertThat(listed.map(entry -> entry.entry().name())).containsExactly("kept");
        }
    }

    @Test
    void anUploadWritesToATemporarySiblingThatAbortRemoves() throws IOException {
        LocalStorage storage = new LocalStorage(root);

        try (Upload upload = storage.write(StorageKey.parse("file"), WriteMode.REPLACE, 0)) {
            upload.write(ByteBuffer.wrap("partial".getBytes()));

            assertThat(namesOnDisk()).singleElement().asString().startsWith(ControlFiles.TEMPORARY_PREFIX);
        }

        assertThat(namesOnDisk()).isEmpty();
    }

    @Test
    void aLosingCreateNewLeavesNoTemporary() throws IOException {
        LocalStorage storage = new LocalStorage(root);
        Upload loser = storage.write(StorageKey.parse("file"), WriteMode.CREATE_NEW, 0);
        try (Upload winner = storage.write(StorageKey.parse("file"), WriteMode.CREATE_NEW, 0)) {
            winner.commit();
        }

        assertThatThrownBy(loser::commit).isInstanceOf(Failure.AlreadyExists.class);
        assertThat(namesOnDisk()).containsExactly("file");
        assertThat(Files.getAttribute(root.resolve("file"), "unix:nlink")).isEqualTo(1);
    }

    @Test
    void readGivesAFileChannelAtTheOffsetForZeroCopy() throws IOException {
        Files.writeString(root.resolve("file"), "0123456789");

        try (ReadableByteChannel channel = new LocalStorage(root).read(StorageKey.parse("file"), 3)) {
            assertThat(channel).isInstanceOf(FileChannel.class);
            assertThat(((FileChannel) channel).position()).isEqualTo(3);
        }
    }

    @Test
    void aRootReachedThroughALinkServesTheRealFolder() throws IOException {
        Path real = Files.createDirectory(root.resolve("real"));
        Files.writeString(real.resolve("a"), "abc");
        Path link = Files.createSymbolicLink(root.resolve("link"), real);

        LocalStorage storage = new LocalStorage(link);

        try (Stream<Entry> entries = storage.list(StorageKey.ROOT)) {
            assertThat(entries.map(Entry::name)).containsExactly("a");
        }
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(3);
    }

    @Test
    void theRootMustBeAnExistingDirectory() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");

        assertThatThrownBy(() -> new LocalStorage(root.resolve("missing"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalStorage(file)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> namesOnDisk() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    @Test
    void temporariesLeftBeforeAStartAreSweptAndTheFolderCanGo() throws IOException {
        Files.createDirectories(root.resolve("alice/docs"));
        Path stale = Files.writeString(root.resolve("alice/docs/" + ControlFiles.TEMPORARY_PREFIX + "old"), "half");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
        Path running = Files.writeString(root.resolve("alice/" + ControlFiles.TEMPORARY_PREFIX + "now"), "in flight");
        LocalStorage tree = LocalStorage.ofTree(root);

        assertThat(tree.sweepTemporaries(java.time.Instant.now().minusSeconds(60))).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(running).exists();
        tree.removeDirectory(StorageKey.parse("alice/docs"));
        assertThat(root.resolve("alice/docs")).doesNotExist();
    }
}
