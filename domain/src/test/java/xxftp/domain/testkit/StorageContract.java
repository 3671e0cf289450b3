package xxftp.domain.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.text;
import static xxftp.domain.testkit.StorageFixtures.writeAll;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * The behaviour every {@link Storage} backend shares, errors included; a backend's test extends
 * this class and creates a fresh, empty storage per test. The rules the port leaves open are
 * decided here, once, for all backends:
 * <ul>
 *   <li>A key below a file ({@code file/child}) is {@link Failure.NotFound} for every operation,
 *       as on a disk ({@code ENOTDIR}); listing a file is {@link Failure.NotADirectory}.</li>
 *   <li>A directory's entry has size 0 and an entry's name is the last segment of its key.</li>
 *   <li>Reading at or beyond the end gives zero bytes, not an error.</li>
 *   <li>{@link WriteMode#CREATE_NEW} refuses with {@link Failure.AlreadyExists} at
 *       {@code write()} when the key exists then (so a client is refused before it sends
 *       anything), and again at {@code commit()} when another upload published meanwhile (the
 *       atomic check: of racing uploads exactly one commit wins).</li>
 *   <li>{@link WriteMode#RESUME} needs an existing file ({@link Failure.NotFound} otherwise) and
 *       an offset no larger than its size ({@link Failure.InvalidName} otherwise: no zero padding).
 *       {@code previousSize()} is the whole size before truncation.</li>
 *   <li>Writing over a directory is {@link Failure.NotAFile} in every mode; every refusal of a
 *       {@code write()} comes from {@code write()} itself, before a byte is sent.</li>
 *   <li>APPEND and RESUME bytes written before an abort stay (that is what makes a resume
 *       possible); what they show before commit is not specified.</li>
 *   <li>Renaming a directory onto an existing file is {@link Failure.AlreadyExists}, like onto a
 *       directory; only a file replaces a file.</li>
 *   <li>The root can't be removed or renamed: {@link Failure.AccessDenied}.</li>
 *   <li>Usage and setModified of a missing key are {@link Failure.NotFound}; a modification time
 *       is kept to the second, of a file and of a directory.</li>
 *   <li>A directory that another tool made (on S3 one that a listing shows only as a common
 *       prefix, as gateways in front of file systems show an empty folder) is a directory for
 *       every operation, as its parent's listing says.</li>
 *   <li>A listing may show control names (starting with {@code .xxftp}, such as an upload's
 *       temporary) that the domain hides; it never shows an unpublished upload under its name,
 *       and an aborted upload leaves no trace at all.</li>
 * </ul>
 * Each test creates only a handful of objects: the S3 backend runs this suite over HTTP.
 */
public abstract class StorageContract {

    /** A fresh, empty storage; called once before each test. */
    protected abstract Storage createStorage();

    protected Storage storage;

    /**
     * Makes an empty directory the way another tool would, not through this storage. The
     * default uses {@link Storage#makeDirectory}; a backend overrides it where other tools
     * leave directories that it must still see (an S3 folder without a marker).
     */
    protected void createFolderBehindTheServersBack(StorageKey key) {
        storage.makeDirectory(key);
    }

    @BeforeEach
    void createFreshStorage() {
        storage = createStorage();
    }

    // --- stat ---

    @Test
    void rootIsADirectory() {
        assertThat(storage.stat(StorageKey.ROOT).kind()).isEqualTo(Entry.Kind.DIRECTORY);
    }

    @Test
    void statOfAMissingKeyIsNotFound() {
        assertThatThrownBy(() -> storage.stat(key("missing"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.stat(key("missing/deeper"))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void statOfAFileGivesItsNameSizeAndTime() {
        file(storage, "a.txt", "hello");

        Entry entry = storage.stat(key("a.txt"));

        assertThat(entry.name()).isEqualTo("a.txt");
        assertThat(entry.kind()).isEqualTo(Entry.Kind.FILE);
        assertThat(entry.size()).isEqualTo(5);
        assertThat(entry.modified()).isNotNull();
    }

    @Test
    void statOfADirectoryGivesSizeZero() {
        storage.makeDirectory(key("d"));

        Entry entry = storage.stat(key("d"));

        assertThat(entry.name()).isEqualTo("d");
        assertThat(entry.kind()).isEqualTo(Entry.Kind.DIRECTORY);
        assertThat(entry.size()).isZero();
        assertThat(entry.modified()).isNotNull();
    }

    @Test
    void aKeyBelowAFileIsNotFound() {
        file(storage, "f", "x");
        StorageKey below = key("f/child");

        assertThatThrownBy(() -> storage.stat(below)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.read(below, 0)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.list(below)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.makeDirectory(below)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.delete(below)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.removeDirectory(below)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.usage(below)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.setModified(below, Instant.EPOCH)).isInstanceOf(Failure.NotFound.class);
    }

    // --- list ---

    @Test
    void listGivesDirectChildrenOnlyWithKindsAndSizes() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "abc");
        storage.makeDirectory(key("d/sub"));
        file(storage, "d/sub/deep", "12345");

        Map<String, Entry> entries = listed("d");

        assertThat(entries).containsOnlyKeys("a", "sub");
        assertThat(entries.get("a").kind()).isEqualTo(Entry.Kind.FILE);
        assertThat(entries.get("a").size()).isEqualTo(3);
        assertThat(entries.get("sub").kind()).isEqualTo(Entry.Kind.DIRECTORY);
        assertThat(entries.get("sub").size()).isZero();
        assertThat(listed("")).containsOnlyKeys("d");
    }

    @Test
    void listOfAnEmptyDirectoryIsEmpty() {
        storage.makeDirectory(key("empty"));

        assertThat(listed("empty")).isEmpty();
        assertThat(listed("")).containsOnlyKeys("empty");
    }

    @Test
    void listOfAMissingDirectoryIsNotFoundAndOfAFileNotADirectory() {
        file(storage, "f", "x");

        assertThatThrownBy(() -> storage.list(key("missing"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.list(key("f"))).isInstanceOf(Failure.NotADirectory.class);
    }

    @Test
    void aListingCanBeClosedBeforeItIsConsumed() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "1");
        file(storage, "d/b", "2");

        try (Stream<Entry> partly = storage.list(key("d"));
             Stream<Entry> untouched = storage.list(key("d"))) {
            assertThat(partly.limit(1).toList()).hasSize(1);
        }
        storage.delete(key("d/a"));
        storage.delete(key("d/b"));
        storage.removeDirectory(key("d"));

        assertThat(listed("")).isEmpty();
    }

    // --- read ---

    @Test
    void readStartsAtTheOffsetAndGivesNothingAtOrBeyondTheEnd() {
        file(storage, "digits", "0123456789");

        assertThat(read("digits", 0)).isEqualTo("0123456789");
        assertThat(read("digits", 4)).isEqualTo("456789");
        assertThat(read("digits", 9)).isEqualTo("9");
        assertThat(read("digits", 10)).isEmpty();
        assertThat(read("digits", 11)).isEmpty();
        assertThat(read("digits", 1_000_000)).isEmpty();
    }

    @Test
    void readOfAMissingFileIsNotFound() {
        assertThatThrownBy(() -> storage.read(key("missing"), 0)).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void readOfADirectoryIsNotAFile() {
        storage.makeDirectory(key("d"));

        assertThatThrownBy(() -> storage.read(key("d"), 0)).isInstanceOf(Failure.NotAFile.class);
        assertThatThrownBy(() -> storage.read(StorageKey.ROOT, 0)).isInstanceOf(Failure.NotAFile.class);
    }

    @Test
    void readIfFileGivesAFilesBytesAndNothingForAMissingKeyOrADirectory() {
        file(storage, "f", "bytes");
        storage.makeDirectory(key("d"));

        assertThat(storage.readIfFile(key("f")).map(StorageFixtures::text)).contains("bytes");
        assertThat(storage.readIfFile(key("missing"))).isEmpty();
        assertThat(storage.readIfFile(key("d"))).isEmpty();
        assertThat(storage.readIfFile(StorageKey.ROOT)).isEmpty();
    }

    // --- write: REPLACE ---

    @Test
    void replacePublishesANewFileOnlyOnCommit() {
        Upload upload = storage.write(key("new"), WriteMode.REPLACE, 0);
        send(upload, "abc");

        assertThatThrownBy(() -> storage.stat(key("new"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).doesNotContainKey("new");
        assertThat(storage.usage(StorageKey.ROOT)).isZero();

        upload.commit();
        upload.close();

        assertThat(upload.previousSize()).isZero();
        assertThat(read("new", 0)).isEqualTo("abc");
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(3);
    }

    @Test
    void replaceShowsTheOldFileUntilCommit() {
        file(storage, "file", "old");

        try (Upload upload = storage.write(key("file"), WriteMode.REPLACE, 0)) {
            assertThat(upload.previousSize()).isEqualTo(3);
            send(upload, "newer");

            assertThat(read("file", 0)).isEqualTo("old");
            assertThat(storage.stat(key("file")).size()).isEqualTo(3);
            assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(3);

            upload.commit();
        }

        assertThat(read("file", 0)).isEqualTo("newer");
        assertThat(listed("")).containsOnlyKeys("file");
    }

    @Test
    void anAbortedReplaceLeavesThePreviousFileAndNoTrace() {
        file(storage, "file", "old");

        Upload aborted = storage.write(key("file"), WriteMode.REPLACE, 0);
        send(aborted, "garbage");
        aborted.abort();
        aborted.abort();
        try (Upload closed = storage.write(key("file"), WriteMode.REPLACE, 0)) {
            send(closed, "more garbage");
        }

        assertThat(read("file", 0)).isEqualTo("old");
        assertThat(listed("")).containsOnlyKeys("file");
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = WriteMode.class, names = {"REPLACE", "CREATE_NEW"})
    void anUnfinishedUploadOfANewKeyLeavesNothing(WriteMode mode) {
        storage.makeDirectory(key("d"));

        try (Upload upload = storage.write(key("d/new"), mode, 0)) {
            send(upload, "never published");
        }

        assertThatThrownBy(() -> storage.stat(key("d/new"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("d")).isEmpty();
        assertThat(storage.usage(key("d"))).isZero();
    }

    @Test
    void abortAndCloseAfterCommitKeepTheFile() {
        Upload upload = storage.write(key("kept"), WriteMode.REPLACE, 0);
        send(upload, "kept");
        upload.commit();
        upload.abort();
        upload.close();

        assertThat(read("kept", 0)).isEqualTo("kept");
    }

    @Test
    void anUploadWithoutBytesPublishesAnEmptyFile() {
        try (Upload upload = storage.write(key("empty"), WriteMode.REPLACE, 0)) {
            upload.commit();
        }

        assertThat(storage.stat(key("empty")).kind()).isEqualTo(Entry.Kind.FILE);
        assertThat(storage.stat(key("empty")).size()).isZero();
        assertThat(read("empty", 0)).isEmpty();
    }

    // --- write: CREATE_NEW ---

    @Test
    void createNewPublishesOnCommit() {
        try (Upload upload = storage.write(key("new"), WriteMode.CREATE_NEW, 0)) {
            assertThat(upload.previousSize()).isZero();
            send(upload, "first");

            assertThatThrownBy(() -> storage.stat(key("new"))).isInstanceOf(Failure.NotFound.class);

            upload.commit();
        }

        assertThat(read("new", 0)).isEqualTo("first");
        assertThat(listed("")).containsOnlyKeys("new");
    }

    @Test
    void createNewOverAnExistingFileIsRefusedAtWrite() {
        file(storage, "file", "old");

        assertThatThrownBy(() -> storage.write(key("file"), WriteMode.CREATE_NEW, 0))
                .isInstanceOf(Failure.AlreadyExists.class);
        assertThat(read("file", 0)).isEqualTo("old");
    }

    @Test
    void createNewLosesAtCommitWhenAnotherUploadPublishedMeanwhile() {
        Upload first = storage.write(key("file"), WriteMode.CREATE_NEW, 0);
        Upload second = storage.write(key("file"), WriteMode.CREATE_NEW, 0);
        send(first, "first");
        send(second, "second");

        first.commit();
        first.close();

        assertThatThrownBy(second::commit).isInstanceOf(Failure.AlreadyExists.class);
        second.close();
        assertThat(read("file", 0)).isEqualTo("first");
        assertThat(listed("")).containsOnlyKeys("file");
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(5);
    }

    @Test
    void racingCreateNewUploadsHaveExactlyOneWinner() throws Exception {
        int writers = 8;
        StorageKey race = key("race");
        // every upload starts before any commits, so that all of them race at commit
        CountDownLatch started = new CountDownLatch(writers);
        List<Callable<String>> attempts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String content = "writer " + i;
            attempts.add(() -> {
                Upload upload;
                try {
                    upload = storage.write(race, WriteMode.CREATE_NEW, 0);
                    send(upload, content);
                } finally {
                    started.countDown();
                }
                try (upload) {
                    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
                    upload.commit();
                    return content;
                } catch (Failure.AlreadyExists lost) {
                    return null;
                }
            });
        }

        List<String> winners = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(writers)) {
            for (Future<String> result : executor.invokeAll(attempts)) {
                if (result.get() != null) {
                    winners.add(result.get());
                }
            }
        }

        assertThat(winners).hasSize(1);
        assertThat(read("race", 0)).isEqualTo(winners.getFirst());
        assertThat(listed("")).containsOnlyKeys("race");
    }

    // --- write: APPEND ---

    @Test
    void appendAddsToTheEnd() {
        file(storage, "log", "abc");

        try (Upload upload = storage.write(key("log"), WriteMode.APPEND, 0)) {
            assertThat(upload.previousSize()).isEqualTo(3);
            send(upload, "def");
            upload.commit();
        }

        assertThat(read("log", 0)).isEqualTo("abcdef");
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(6);
    }

    @Test
    void appendCreatesAMissingFile() {
        try (Upload upload = storage.write(key("log"), WriteMode.APPEND, 0)) {
            assertThat(upload.previousSize()).isZero();
            send(upload, "first");
            upload.commit();
        }

        assertThat(read("log", 0)).isEqualTo("first");
    }

    @Test
    void anAbortedAppendKeepsTheBytesItWrote() {
        file(storage, "log", "abc");

        try (Upload upload = storage.write(key("log"), WriteMode.APPEND, 0)) {
            send(upload, "de");
            upload.abort();
        }

        assertThat(read("log", 0)).isEqualTo("abcde");
    }

    // --- write: RESUME ---

    @Test
    void resumeKeepsTheFirstBytesAndTruncatesTheRest() {
        file(storage, "file", "0123456789");

        try (Upload upload = storage.write(key("file"), WriteMode.RESUME, 4)) {
            assertThat(upload.previousSize()).isEqualTo(10);
            send(upload, "ab");
            upload.commit();
        }

        assertThat(read("file", 0)).isEqualTo("0123ab");
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(6);
    }

    @Test
    void resumeAtTheEndAppends() {
        file(storage, "file", "0123");

        try (Upload upload = storage.write(key("file"), WriteMode.RESUME, 4)) {
            send(upload, "45");
            upload.commit();
        }

        assertThat(read("file", 0)).isEqualTo("012345");
    }

    @Test
    void resumeBeyondTheEndIsInvalid() {
        file(storage, "file", "0123");

        assertThatThrownBy(() -> storage.write(key("file"), WriteMode.RESUME, 5))
                .isInstanceOf(Failure.InvalidName.class);
        assertThat(read("file", 0)).isEqualTo("0123");
    }

    @Test
    void resumeOfAMissingFileIsNotFound() {
        assertThatThrownBy(() -> storage.write(key("missing"), WriteMode.RESUME, 0))
                .isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.write(key("missing"), WriteMode.RESUME, 3))
                .isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).isEmpty();
    }

    @Test
    void anAbortedResumeKeepsTheBytesItWrote() {
        file(storage, "file", "0123456789");

        try (Upload upload = storage.write(key("file"), WriteMode.RESUME, 4)) {
            send(upload, "ab");
            upload.abort();
        }

        assertThat(read("file", 0)).isEqualTo("0123ab");
    }

    // --- write: refusals ---

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void writingWhereTheParentIsMissingIsNotFound(WriteMode mode) {
        assertThatThrownBy(() -> storage.write(key("missing/file"), mode, 0)).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void writingBelowAFileIsNotFound(WriteMode mode) {
        file(storage, "f", "x");

        assertThatThrownBy(() -> storage.write(key("f/child"), mode, 0)).isInstanceOf(Failure.NotFound.class);
        assertThat(read("f", 0)).isEqualTo("x");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void writingOverADirectoryIsNotAFile(WriteMode mode) {
        storage.makeDirectory(key("d"));

        assertThatThrownBy(() -> storage.write(key("d"), mode, 0)).isInstanceOf(Failure.NotAFile.class);
        assertThat(storage.stat(key("d")).kind()).isEqualTo(Entry.Kind.DIRECTORY);
    }

    // --- directories ---

    @Test
    void makeDirectoryCreatesOneDirectory() {
        storage.makeDirectory(key("d"));
        storage.makeDirectory(key("d/sub"));

        assertThat(listed("d")).containsOnlyKeys("sub");
        assertThat(storage.stat(key("d/sub")).isDirectory()).isTrue();
    }

    @Test
    void makeDirectoryWithAMissingParentIsNotFound() {
        assertThatThrownBy(() -> storage.makeDirectory(key("missing/d"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).isEmpty();
    }

    @Test
    void makeDirectoryWhereSomethingExistsIsAlreadyExists() {
        storage.makeDirectory(key("d"));
        file(storage, "f", "x");

        assertThatThrownBy(() -> storage.makeDirectory(key("d"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> storage.makeDirectory(key("f"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThat(read("f", 0)).isEqualTo("x");
    }

    @Test
    void removeDirectoryRemovesAnEmptyDirectory() {
        storage.makeDirectory(key("d"));

        storage.removeDirectory(key("d"));

        assertThatThrownBy(() -> storage.stat(key("d"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).isEmpty();
    }

    @Test
    void removeDirectoryRefusesANonEmptyDirectory() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "x");

        assertThatThrownBy(() -> storage.removeDirectory(key("d"))).isInstanceOf(Failure.NotEmpty.class);
        assertThat(read("d/a", 0)).isEqualTo("x");
    }

    @Test
    void removeDirectoryOfAMissingKeyIsNotFoundAndOfAFileNotADirectory() {
        file(storage, "f", "x");

        assertThatThrownBy(() -> storage.removeDirectory(key("missing"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.removeDirectory(key("f"))).isInstanceOf(Failure.NotADirectory.class);
        assertThat(read("f", 0)).isEqualTo("x");
    }

    @Test
    void theRootCanNotBeRemovedOrRenamed() {
        assertThatThrownBy(() -> storage.removeDirectory(StorageKey.ROOT)).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> storage.rename(StorageKey.ROOT, key("elsewhere")))
                .isInstanceOf(Failure.AccessDenied.class);
        assertThat(storage.stat(StorageKey.ROOT).isDirectory()).isTrue();
    }

    @Test
    void aFolderMadeBehindTheServersBackIsADirectoryForEveryOperation() {
        createFolderBehindTheServersBack(key("home"));

        assertThat(listed("")).containsOnlyKeys("home");
        assertThat(storage.stat(key("home")).isDirectory()).isTrue();
        assertThat(listed("home")).isEmpty();
        assertThat(storage.usage(key("home"))).isZero();
        assertThatThrownBy(() -> storage.makeDirectory(key("home"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> storage.write(key("home"), WriteMode.REPLACE, 0)).isInstanceOf(Failure.NotAFile.class);

        try (Upload upload = storage.write(key("home/f"), WriteMode.CREATE_NEW, 0)) {
            send(upload, "abc");
            upload.commit();
        }
        storage.makeDirectory(key("home/sub"));

        assertThat(listed("home")).containsOnlyKeys("f", "sub");
        assertThat(read("home/f", 0)).isEqualTo("abc");
        assertThat(storage.usage(key("home"))).isEqualTo(3);
    }

    @Test
    void aFolderMadeBehindTheServersBackCanBeRemoved() {
        createFolderBehindTheServersBack(key("gone"));

        storage.removeDirectory(key("gone"));

        assertThatThrownBy(() -> storage.stat(key("gone"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).isEmpty();
    }

    @Test
    void aFolderMadeBehindTheServersBackCanBeRenamed() {
        createFolderBehindTheServersBack(key("old"));

        storage.rename(key("old"), key("new"));

        assertThatThrownBy(() -> storage.stat(key("old"))).isInstanceOf(Failure.NotFound.class);
        assertThat(storage.stat(key("new")).isDirectory()).isTrue();
        assertThat(listed("")).containsOnlyKeys("new");
        assertThat(listed("new")).isEmpty();
    }

    // --- delete ---

    @Test
    void deleteRemovesAFile() {
        file(storage, "f", "abc");

        storage.delete(key("f"));

        assertThatThrownBy(() -> storage.stat(key("f"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).isEmpty();
        assertThat(storage.usage(StorageKey.ROOT)).isZero();
    }

    @Test
    void deleteOfAMissingFileIsNotFoundAndOfADirectoryNotAFile() {
        storage.makeDirectory(key("d"));

        assertThatThrownBy(() -> storage.delete(key("missing"))).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.delete(key("d"))).isInstanceOf(Failure.NotAFile.class);
        assertThat(storage.stat(key("d")).isDirectory()).isTrue();
    }

    // --- rename ---

    @Test
    void renameMovesAFileIntoAnotherDirectory() {
        file(storage, "a", "abc");
        storage.makeDirectory(key("d"));

        storage.rename(key("a"), key("d/b"));

        assertThatThrownBy(() -> storage.stat(key("a"))).isInstanceOf(Failure.NotFound.class);
        assertThat(read("d/b", 0)).isEqualTo("abc");
        assertThat(listed("")).containsOnlyKeys("d");
    }

    @Test
    void renameReplacesAFileAtTheTarget() {
        file(storage, "a", "new");
        file(storage, "b", "old content");

        storage.rename(key("a"), key("b"));

        assertThat(read("b", 0)).isEqualTo("new");
        assertThat(listed("")).containsOnlyKeys("b");
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(3);
    }

    @Test
    void renameOntoADirectoryIsAlreadyExists() {
        file(storage, "f", "x");
        storage.makeDirectory(key("d"));
        storage.makeDirectory(key("e"));

        assertThatThrownBy(() -> storage.rename(key("f"), key("d"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> storage.rename(key("e"), key("d"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> storage.rename(key("e"), key("f"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThat(listed("")).containsOnlyKeys("f", "d", "e");
        assertThat(read("f", 0)).isEqualTo("x");
    }

    @Test
    void renameOfAMissingSourceIsNotFound() {
        storage.makeDirectory(key("d"));

        assertThatThrownBy(() -> storage.rename(key("missing"), key("d/x"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("d")).isEmpty();
    }

    @Test
    void renameToAMissingParentIsNotFound() {
        file(storage, "f", "x");

        assertThatThrownBy(() -> storage.rename(key("f"), key("missing/f"))).isInstanceOf(Failure.NotFound.class);
        assertThat(read("f", 0)).isEqualTo("x");
    }

    @Test
    void renameMovesADirectoryWithAllItsContent() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "1");
        storage.makeDirectory(key("d/sub"));
        file(storage, "d/sub/b", "22");

        storage.rename(key("d"), key("e"));

        assertThatThrownBy(() -> storage.stat(key("d"))).isInstanceOf(Failure.NotFound.class);
        assertThat(listed("")).containsOnlyKeys("e");
        assertThat(listed("e")).containsOnlyKeys("a", "sub");
        assertThat(read("e/a", 0)).isEqualTo("1");
        assertThat(read("e/sub/b", 0)).isEqualTo("22");
        assertThat(storage.usage(key("e"))).isEqualTo(3);
    }

    // --- usage ---

    @Test
    void usageSumsTheFilesOfASubtree() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "123");
        storage.makeDirectory(key("d/sub"));
        file(storage, "d/sub/b", "4567");
        file(storage, "outside", "89");

        assertThat(storage.usage(key("d"))).isEqualTo(7);
        assertThat(storage.usage(key("d/sub"))).isEqualTo(4);
        assertThat(storage.usage(key("d/a"))).isEqualTo(3);
        assertThat(storage.usage(StorageKey.ROOT)).isEqualTo(9);
    }

    @Test
    void usageOfAnEmptyDirectoryIsZeroAndOfAMissingKeyNotFound() {
        storage.makeDirectory(key("d"));

        assertThat(storage.usage(key("d"))).isZero();
        assertThatThrownBy(() -> storage.usage(key("missing"))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void usageLeavesUploadsInFlightOut() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "1234");

        try (Upload fresh = storage.write(key("d/b"), WriteMode.REPLACE, 0);
             Upload replacing = storage.write(key("d/a"), WriteMode.REPLACE, 0)) {
            send(fresh, "x".repeat(100));
            send(replacing, "y".repeat(100));

            assertThat(storage.usage(key("d"))).isEqualTo(4);

            fresh.commit();
        }

        assertThat(storage.usage(key("d"))).isEqualTo(104);
    }

    // --- setModified ---

    /**
     * Only stat is pinned: an object store's listing shows its own LastModified, since S3's
     * ListObjectsV2 returns no metadata and a HEAD per listed file would cost too much.
     */
    @Test
    void setModifiedIsWhatStatShows() {
        file(storage, "f", "x");
        Instant modified = Instant.parse("2001-02-03T04:05:06Z");

        storage.setModified(key("f"), modified);

        assertThat(storage.stat(key("f")).modified().getEpochSecond()).isEqualTo(modified.getEpochSecond());
        assertThat(read("f", 0)).isEqualTo("x");
    }

    @Test
    void setModifiedOfADirectoryIsWhatStatShows() {
        storage.makeDirectory(key("d"));
        file(storage, "d/a", "x");
        storage.makeDirectory(key("empty"));
        Instant modified = Instant.parse("2001-02-03T04:05:06Z");
        Instant other = Instant.parse("1999-12-31T23:59:58Z");

        storage.setModified(key("d"), modified);
        storage.setModified(key("empty"), other);

        assertThat(storage.stat(key("d")).modified().getEpochSecond()).isEqualTo(modified.getEpochSecond());
        assertThat(storage.stat(key("empty")).modified().getEpochSecond()).isEqualTo(other.getEpochSecond());
        assertThat(listed("d")).containsOnlyKeys("a");
        assertThat(listed("empty")).isEmpty();
        assertThat(listed("")).containsOnlyKeys("d", "empty");
    }

    @Test
    void setModifiedOfAMissingKeyIsNotFound() {
        assertThatThrownBy(() -> storage.setModified(key("missing"), Instant.EPOCH))
                .isInstanceOf(Failure.NotFound.class);
    }

    // --- helpers, open to the backends' own tests ---

    protected static StorageKey key(String path) {
        return StorageKey.parse(path);
    }

    /** The text from an offset on. */
    protected String read(String path, long offset) {
        return text(storage.read(key(path), offset));
    }

    /** A directory's entries by name. */
    protected Map<String, Entry> listed(String directory) {
        try (Stream<Entry> entries = storage.list(key(directory))) {
            return entries.collect(Collectors.toMap(Entry::name, entry -> entry));
        }
    }

    protected static void send(Upload upload, String content) {
        writeAll(upload, content.getBytes(StandardCharsets.UTF_8));
    }
}
