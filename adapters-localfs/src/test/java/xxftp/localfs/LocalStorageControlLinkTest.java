package xxftp.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;
import xxftp.domain.testkit.StorageFixtures;

/**
 * Links planted in a home by someone with a shell on the server, leading to configuration: the
 * home's own password, another home's, the greeting, an upload temporary, a whole {@code .xxftp}
 * folder. Through such a link every storage operation answers NotFound, exactly like a missing
 * key, and nothing on the disk changes. Both storages production builds are checked: the tree
 * (where leaving a home is refused anyway) and a plain folder (where only the control rule holds).
 */
class LocalStorageControlLinkTest {

    private static final FileTime CONFIG_TIME = FileTime.from(Instant.parse("2003-03-03T03:03:03Z"));
    /** Links to a control file; the last two reach one through a linked control folder. */
    private static final List<String> FILE_LINKS = List.of("alice/pwlink", "alice/abspwlink", "alice/chain",
            "alice/around", "alice/bobpw", "alice/welcome", "alice/part", "alice/conf/password", "alice/bobconf/password");
    private static final List<String> FOLDER_LINKS = List.of("alice/conf", "alice/bobconf");

    enum Construction {
        TREE(LocalStorage::ofTree), FOLDER(LocalStorage::new);

        final Function<Path, LocalStorage> build;

        Construction(Function<Path, LocalStorage> build) {
            this.build = build;
        }
    }

    @TempDir
    Path root;

    @BeforeEach
    void plantLinks() throws IOException {
        config("alice/.xxftp/password", "alice-hash");
        config("bob/.xxftp/password", "bob-hash");
        config(ControlFiles.WELCOME, "Welcome");
        config("alice/" + ControlFiles.TEMPORARY_PREFIX + "1234", "half an upload");
        Files.createDirectories(root.resolve("alice/docs"));
        Files.writeString(root.resolve("alice/mine"), "mine");
        link("alice/pwlink", Path.of(".xxftp/password"));
        link("alice/abspwlink", root.toRealPath().resolve("alice/.xxftp/password"));
        link("alice/chain", Path.of("pwlink"));
        link("alice/around", Path.of("docs/../.xxftp/password"));
        link("alice/bobpw", Path.of("../bob/.xxftp/password"));
        link("alice/welcome", Path.of("..", ControlFiles.WELCOME));
        link("alice/part", Path.of(ControlFiles.TEMPORARY_PREFIX + "1234"));
        link("alice/conf", Path.of(".xxftp"));
        link("alice/bobconf", Path.of("../bob/.xxftp"));
    }

    @ParameterizedTest
    @EnumSource(Construction.class)
    void everyOperationThroughALinkToAControlFileIsNotFound(Construction construction) throws IOException {
        Storage storage = construction.build.apply(root);
        Map<String, String> before = snapshot();

        SoftAssertions.assertSoftly(softly -> {
            for (String path : FILE_LINKS) {
                notFound(softly, path, storage, path);
            }
            for (String path : FOLDER_LINKS) {
                notFound(softly, path, storage, path);
                notFound(softly, path + "/new", storage, path + "/new");
            }
        });

        assertThat(snapshot()).isEqualTo(before);
    }

    /** The storage lists control names (the domain hides them); the refused links it leaves out. */
    @ParameterizedTest
    @EnumSource(Construction.class)
    void aListingLeavesLinksToControlFilesOut(Construction construction) {
        try (Stream<Entry> entries = construction.build.apply(root).list(StorageKey.parse("alice"))) {
            assertThat(entries.map(Entry::name))
                    .containsExactlyInAnyOrder(".xxftp", ControlFiles.TEMPORARY_PREFIX + "1234", "docs", "mine");
        }
    }

    /** The domain reads a home's control files by their own keys, with no link on the way. */
    @ParameterizedTest
    @EnumSource(Construction.class)
    void controlFilesStayReadableUnderTheirOwnKeys(Construction construction) {
        Storage storage = construction.build.apply(root);

        assertThat(StorageFixtures.text(storage, "alice/.xxftp/password")).isEqualTo("alice-hash");
        assertThat(StorageFixtures.text(storage, ControlFiles.WELCOME)).isEqualTo("Welcome");
    }

    private static void notFound(SoftAssertions softly, String path, Storage storage, String target) {
        StorageKey key = StorageKey.parse(target);
        StorageKey mine = StorageKey.parse("alice/mine");
        Map<String, ThrowingCallable> operations = new TreeMap<>();
        operations.put("stat", () -> storage.stat(key));
        operations.put("read", () -> storage.read(key, 0).close());
        operations.put("list", () -> storage.list(key).close());
        operations.put("usage", () -> storage.usage(key));
        operations.put("setModified", () -> storage.setModified(key, Instant.EPOCH));
        operations.put("delete", () -> storage.delete(key));
        operations.put("rename from", () -> storage.rename(key, StorageKey.parse("alice/stolen")));
        operations.put("rename to", () -> storage.rename(mine, key));
        operations.put("makeDirectory", () -> storage.makeDirectory(key));
        operations.put("removeDirectory", () -> storage.removeDirectory(key));
        for (WriteMode mode : WriteMode.values()) {
            operations.put("write " + mode, () -> {
                try (Upload upload = storage.write(key, mode, 0)) {
                    StorageFixtures.writeAll(upload, "overwritten".getBytes());
                    upload.commit();
                }
            });
        }
        operations.forEach((name, operation) ->
                softly.assertThatThrownBy(operation).as(name + " " + path).isInstanceOf(Failure.NotFound.class));
    }

    private void config(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, CONFIG_TIME);
    }

    private void link(String path, Path target) throws IOException {
        Files.createSymbolicLink(root.resolve(path), target);
    }

    /** Every path under the root with what it is: a file's bytes and time, a link's target, a folder. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String what;
                if (Files.isSymbolicLink(path)) {
                    what = "link to " + Files.readSymbolicLink(path);
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    what = Files.readString(path) + " @" + Files.getLastModifiedTime(path);
                } else {
                    what = "folder";
                }
                tree.put(root.relativize(path).toString(), what);
            }
        }
        return tree;
    }
}
