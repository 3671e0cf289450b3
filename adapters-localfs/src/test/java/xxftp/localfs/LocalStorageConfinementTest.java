package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/**
 * Symbolic links planted inside the root: those leading out (to a file, to a directory, or
 * nowhere) answer NotFound for every operation and nothing outside changes; those staying
 * inside are followed.
 */
class LocalStorageConfinementTest {

    private static final FileTime SECRET_TIME = FileTime.from(Instant.parse("2002-02-02T02:02:02Z"));

    @TempDir
    Path sandbox;

    private Path outside;
    private Path secret;
    private LocalStorage storage;

    @BeforeEach
    void plantLinks() throws IOException {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        outside = Files.createDirectory(sandbox.resolve("outside-secret"));
        secret = Files.writeString(outside.resolve("secret"), "the secret");
        Files.setLastModifiedTime(secret, SECRET_TIME);
        Files.createSymbolicLink(root.resolve("leak"), secret);
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("created-through-a-link"));
        // relative spelling, resolved against the link's directory: also leads out
        Files.createSymbolicLink(root.resolve("climb"), Path.of("..", "outside-secret"));
        Files.createDirectory(root.resolve("real"));
        Files.writeString(root.resolve("real/a"), "inside");
        Files.createSymbolicLink(root.resolve("alias"), Path.of("real"));
        storage = new LocalStorage(root);
    }

    @Test
    void statReadAndListThroughALinkOutAreNotFound() {
        for (String path : List.of("leak", "escape", "escape/secret", "climb/secret", "dangling")) {
            assertThatThrownBy(() -> storage.stat(key(path))).as(path).isInstanceOf(Failure.NotFound.class);
            assertThatThrownBy(() -> storage.read(key(path), 0)).as(path).isInstanceOf(Failure.NotFound.class);
            assertThatThrownBy(() -> storage.list(key(path))).as(path).isInstanceOf(Failure.NotFound.class);
            assertThatThrownBy(() -> storage.usage(key(path))).as(path).isInstanceOf(Failure.NotFound.class);
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void writingThroughALinkOutIsNotFound(WriteMode mode) throws IOException {
        for (String path : List.of("leak", "escape/secret", "escape/new", "climb/new", "dangling")) {
            assertThatThrownBy(() -> storage.write(key(path), mode, 0)).as(path).isInstanceOf(Failure.NotFound.class);
        }

        assertOutsideUntouched();
        assertThat(Files.isSymbolicLink(sandbox.resolve("root/leak"))).isTrue();
    }

    @Test
    void changingThroughALinkOutIsNotFound() throws IOException {
        Files.writeString(sandbox.resolve("root/mine"), "mine");

        assertThatThrownBy(() -> storage.delete(key("leak"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.delete(key("escape/secret"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.rename(key("leak"), key("stolen"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.rename(key("escape/secret"), key("stolen"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.rename(key("mine"), key("escape/planted"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.rename(key("mine"), key("leak"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.makeDirectory(key("escape/planted"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.removeDirectory(key("escape"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.setModified(key("leak"), Instant.EPOCH)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.setModified(key("escape/secret"), Instant.EPOCH)).isInstanceOf(Failure.NotFound.class);

        assertOutsideUntouched();
        assertThat(Files.readString(sandbox.resolve("root/mine"))).isEqualTo("mine");
        assertThat(Files.isSymbolicLink(sandbox.resolve("root/leak"))).isTrue();
        assertThat(Files.isSymbolicLink(sandbox.resolve("root/escape"))).isTrue();
    }

    @Test
    void aListingLeavesLinksOutAway() {
        try (Stream<Entry> entries = storage.list(StorageKey.ROOT)) {
            assertThat(entries.map(Entry::name)).containsExactlyInAnyOrder("real", "alias");
        }
    }

    @Test
    void usageCountsNothingOutside() {
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo("inside".length());
    }

    @Test
    void aLinkInsideTheRootIsFollowed() throws IOException {
        assertThat(storage.stat(key("alias")).isDirectory()).isTrue();
        assertThat(storage.stat(key("alias/a")).size()).isEqualTo(6);
        assertThat(storage.usage(key("alias"))).isEqualTo(6);
        try (Stream<Entry> entries = storage.list(key("alias"))) {
            assertThat(entries.map(Entry::name)).containsExactly("a");
        }
        try (Upload upload = storage.write(key("alias/b"), WriteMode.REPLACE, 0)) {
            upload.write(ByteBuffer.wrap("through".getBytes()));
            upload.commit();
        }

        assertThat(Files.readString(sandbox.resolve("root/real/b"))).isEqualTo("through");
    }

    private void assertOutsideUntouched() throws IOException {
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("secret");
        }
        assertThat(Files.readString(secret)).isEqualTo("the secret");
        assertThat(Files.getLastModifiedTime(secret)).isEqualTo(SECRET_TIME);
        assertThat(Files.exists(outside.resolve("created-through-a-link"))).isFalse();
    }

    private static StorageKey key(String path) {
        return StorageKey.parse(path);
    }

    /** In a whole tree, a link may not leave its top-level folder: a home can't reach another home. */
    @Test
    void inATreeALinkStaysInItsTopLevelFolder() throws IOException {
        Path tree = Files.createDirectory(sandbox.resolve("tree"));
        Files.createDirectories(tree.resolve("bob"));
        Files.writeString(tree.resolve("bob/secret"), "bob's");
        Files.createDirectories(tree.resolve("alice/docs"));
        Files.writeString(tree.resolve("alice/docs/a"), "alice's");
        Files.createSymbolicLink(tree.resolve("alice/tobob"), tree.resolve("bob"));
        Files.createSymbolicLink(tree.resolve("alice/mine"), Path.of("docs"));
        LocalStorage homes = LocalStorage.ofTree(tree);

        assertThatThrownBy(() -> homes.stat(StorageKey.parse("alice/tobob/secret"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> homes.read(StorageKey.parse("alice/tobob/secret"), 0)).isInstanceOf(Failure.NotFound.class);
        assertThat(homes.stat(StorageKey.parse("alice/mine/a")).size()).isEqualTo("alice's".length());
        assertThat(new LocalStorage(tree).stat(StorageKey.parse("alice/tobob/secret")).size())
                .as("a plain folder storage confines to its root only").isEqualTo("bob's".length());
    }

    /** A home that is itself a top-level link: links inside it stay inside what it leads to. */
    @Test
    void inATreeALinkStaysInTheFolderAHomeLinkLeadsTo() throws IOException {
        Path tree = Files.createDirectory(sandbox.resolve("tree"));
        Files.createDirectories(tree.resolve("homes/alice/docs"));
        Files.writeString(tree.resolve("homes/alice/docs/a"), "alice's");
        Files.createDirectories(tree.resolve("homes/bob"));
        Files.writeString(tree.resolve("homes/bob/secret"), "bob's");
        Files.createSymbolicLink(tree.resolve("alice"), Path.of("homes/alice"));
        Files.createSymbolicLink(tree.resolve("homes/alice/tobob"), Path.of("../bob"));
        Files.createSymbolicLink(tree.resolve("homes/alice/mine"), Path.of("docs"));
        LocalStorage homes = LocalStorage.ofTree(tree);

        assertThat(homes.stat(StorageKey.parse("alice/mine/a")).size()).isEqualTo("alice's".length());
        assertThatThrownBy(() -> homes.stat(StorageKey.parse("alice/tobob/secret"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> homes.read(StorageKey.parse("alice/tobob/secret"), 0)).isInstanceOf(Failure.NotFound.class);
    }
}
