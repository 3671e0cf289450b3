package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.path;
import static xxftp.domain.testkit.StorageFixtures.writeAll;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.model.Account;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Permission;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.port.Backends;
import xxftp.domain.port.Upload;
import xxftp.domain.testkit.MemoryStorage;
import xxftp.domain.testkit.StorageFixtures;

class UserTreeTest {

    /** The keys whose facts the root was asked for, one by one (its own listings ask too). */
    private final List<StorageKey> statted = new CopyOnWriteArrayList<>();
    private final MemoryStorage root = new MemoryStorage() {
        @Override
        public Entry stat(StorageKey key) {
            statted.add(key);
            return super.stat(key);
        }
    };
    private final MemoryStorage elsewhere = new MemoryStorage();
    private final Backends backends = uri ->
            uri.equals(URI.create("file:///x")) ? Optional.of(new Location(elsewhere, StorageKey.ROOT)) : Optional.empty();
    private final TreeNamespace namespace = new TreeNamespace(root, new TreeFiles(Clock.systemUTC(), Duration.ZERO), backends);
    // measured once and then kept current by the tree's own commits and changes, as in a quiet server
    private final UsageQuota quota = new UsageQuota(new StorageFixtures.MutableClock(), Duration.ofMinutes(5));
    private final UserTree tree = new UserTree(new Account("alice", new Location(root, key("alice"))), namespace, quota);

    @BeforeEach
    void tree() {
        file(root, "alice/docs/a.txt", "hello");
        dir(root, "alice/docs/empty");
        dir(root, "shared");
    }

    private static StorageKey key(String key) {
        return StorageKey.parse(key);
    }

    private void permission(String line) {
        file(root, "alice/.xxftp/permission", line);
    }

    private void mounts(String lines) {
        file(root, "alice/.xxftp/virtual", lines);
    }

    /** A mount "small" whose target holds at most {@code limit} bytes, its size file included. */
    private void smallScope(long limit) {
        mounts("small $root/shared read,write,modify");
        file(root, "shared/.xxftp/size", Long.toString(limit));
    }

    private long free(long limit) {
        return limit - root.usage(key("shared"));
    }

    private void store(String spelling, String content) {
        store(spelling, content.getBytes(StandardCharsets.UTF_8));
    }

    private void store(String spelling, byte[] content) {
        try (Upload upload = tree.store(path(spelling), 0, OptionalLong.empty())) {
            writeAll(upload, content);
            upload.commit();
        }
    }

    private void append(String spelling, String content) {
        try (Upload upload = tree.append(path(spelling), OptionalLong.empty())) {
            writeAll(upload, content.getBytes(StandardCharsets.UTF_8));
            upload.commit();
        }
    }

    private String content(String spelling) {
        return StorageFixtures.text(tree.read(path(spelling), 0));
    }

    private String stored(String key) {
        return StorageFixtures.text(root, key);
    }

    private boolean exists(String key) {
        try {
            root.stat(key(key));
            return true;
        } catch (Failure.NotFound missing) {
            return false;
        }
    }

    private List<String> names(String spelling) {
        try (Stream<UserTree.Listed> listed = tree.list(path(spelling))) {
            return listed.map(entry -> entry.entry().name()).toList();
        }
    }

    // --- permissions ---

    @Test
    void readOnlyHomeRefusesEveryChange() {
        permission("read");

        assertThatThrownBy(() -> tree.store(path("/new.txt"), 0, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.store(path("/docs/a.txt"), 0, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.store(path("/docs/a.txt"), 2, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.append(path("/docs/a.txt"), OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.append(path("/new.txt"), OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.delete(path("/docs/a.txt"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.makeDirectory(path("/new"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.removeDirectory(path("/docs/empty"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.renameSource(path("/docs/a.txt"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.rename(path("/docs/a.txt"), path("/b.txt"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.setModified(path("/docs/a.txt"), Instant.EPOCH))
                .isInstanceOf(Failure.AccessDenied.class);

        assertThat(stored("alice/docs/a.txt")).isEqualTo("hello");
        assertThat(names("/docs")).containsExactlyInAnyOrder("a.txt", "empty");
        assertThat(names("/")).containsExactly("docs");
    }

    @Test
    void readOnlyHomeReadsAndLists() {
        permission("read");

        assertThat(content("/docs/a.txt")).isEqualTo("hello");
        assertThat(StorageFixtures.text(tree.read(path("/docs/a.txt"), 2))).isEqualTo("llo");
        Entry entry = tree.stat(path("docs/./a.txt"));
        assertThat(entry.name()).isEqualTo("a.txt");
        assertThat(entry.size()).isEqualTo(5);
        assertThat(entry.isDirectory()).isFalse();
        assertThat(tree.directory(path("/docs")).isDirectory()).isTrue();
        assertThat(names("/docs")).containsExactlyInAnyOrder("a.txt", "empty");
    }

    @Test
    void withoutReadNothingIsDownloadedButListingAndCwdWork() {
        permission("write");

        assertThatThrownBy(() -> tree.read(path("/docs/a.txt"), 0)).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.stat(path("/docs/a.txt"))).isInstanceOf(Failure.AccessDenied.class);
        assertThat(names("/docs")).containsExactlyInAnyOrder("a.txt", "empty");
        assertThat(tree.directory(path("/docs")).isDirectory()).isTrue();
    }

    @Test
    void directoryOfAFileIsNotADirectory() {
        assertThatThrownBy(() -> tree.directory(path("/docs/a.txt"))).isInstanceOf(Failure.NotADirectory.class);
        assertThatThrownBy(() -> tree.directory(path("/missing"))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void modifyWithoutWriteChangesExistingFilesButCreatesNone() throws Exception {
        permission("read,modify");
        store("/docs/a.txt", "changed");
        append("/docs/a.txt", "!");
        assertThat(StorageFixtures.text(root, "alice/docs/a.txt")).isEqualTo("changed!");
        assertThatThrownBy(() -> tree.store(path("/docs/new.txt"), 0, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.append(path("/docs/new.txt"), OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThat(root.usage(key("alice/docs"))).isEqualTo("changed!".length());
    }

    @Test
    void mountPointTimesCantBeSet() {
        mounts("pub $root/shared read,write,modify");
        assertThatThrownBy(() -> tree.setModified(path("/pub"), Instant.EPOCH)).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.setModified(path("/"), Instant.EPOCH)).isInstanceOf(Failure.MountPointProtected.class);
    }

    @Test
    void dropBoxTakesNewFiles() {
        permission("read,write");

        store("/docs/new.txt", "uploaded");
        append("/docs/log.txt", "created by APPE");

        assertThat(stored("alice/docs/new.txt")).isEqualTo("uploaded");
        assertThat(stored("alice/docs/log.txt")).isEqualTo("created by APPE");
    }

    @Test
    void dropBoxNeverChangesWhatExists() {
        permission("read,write");

        assertThatThrownBy(() -> tree.store(path("/docs/a.txt"), 0, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.store(path("/docs/a.txt"), 5, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.append(path("/docs/a.txt"), OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.delete(path("/docs/a.txt"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.rename(path("/docs/a.txt"), path("/docs/b.txt")))
                .isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.makeDirectory(path("/docs/sub"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.removeDirectory(path("/docs/empty"))).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.setModified(path("/docs/a.txt"), Instant.EPOCH))
                .isInstanceOf(Failure.AccessDenied.class);

        assertThat(stored("alice/docs/a.txt")).isEqualTo("hello");
    }

    @Test
    void racingDropBoxUploadsKeepTheFirst() {
        permission("read,write");
        Upload first = tree.store(path("/docs/race"), 0, OptionalLong.empty());
        Upload second = tree.store(path("/docs/race"), 0, OptionalLong.empty());
        writeAll(first, "first".getBytes(StandardCharsets.UTF_8));
        writeAll(second, "second".getBytes(StandardCharsets.UTF_8));

        first.commit();
        first.close();

        // the store refuses at commit; the adapter answers it like any refusal to replace
        assertThatThrownBy(second::commit).isInstanceOf(Failure.AlreadyExists.class);
        second.close();
        assertThat(stored("alice/docs/race")).isEqualTo("first");
    }

    @Test
    void fullRightsReplaceAppendAndResume() {
        store("/docs/a.txt", "new content");
        assertThat(content("/docs/a.txt")).isEqualTo("new content");

        append("/docs/a.txt", "!");
        assertThat(content("/docs/a.txt")).isEqualTo("new content!");

        try (Upload resume = tree.store(path("/docs/a.txt"), 4, OptionalLong.empty())) {
            writeAll(resume, "CONTENT".getBytes(StandardCharsets.UTF_8));
            resume.commit();
        }
        assertThat(content("/docs/a.txt")).isEqualTo("new CONTENT");

        assertThatThrownBy(() -> tree.store(path("/docs/a.txt"), 100, OptionalLong.empty())).isInstanceOf(Failure.InvalidName.class);
        append("/docs/fresh.txt", "appended into being");
        assertThat(content("/docs/fresh.txt")).isEqualTo("appended into being");
    }

    @Test
    void fullRightsChangeTheTree() {
        tree.makeDirectory(path("/new"));
        assertThat(tree.stat(path("/new")).isDirectory()).isTrue();
        assertThatThrownBy(() -> tree.makeDirectory(path("/new"))).isInstanceOf(Failure.AlreadyExists.class);
        tree.removeDirectory(path("/new"));
        assertThat(exists("alice/new")).isFalse();

        assertThat(tree.renameSource(path("/docs/a.txt")).name()).isEqualTo("a.txt");
        tree.rename(path("/docs/a.txt"), path("/b.txt"));
        assertThat(stored("alice/b.txt")).isEqualTo("hello");
        assertThat(exists("alice/docs/a.txt")).isFalse();

        Instant modified = Instant.parse("2001-02-03T04:05:06Z");
        tree.setModified(path("/b.txt"), modified);
        assertThat(tree.stat(path("/b.txt")).modified()).isEqualTo(modified);

        tree.delete(path("/b.txt"));
        assertThat(exists("alice/b.txt")).isFalse();
        assertThatThrownBy(() -> tree.removeDirectory(path("/docs"))).isInstanceOf(Failure.NotEmpty.class);
    }

    @Test
    void renameOntoAnExistingFileReplacesIt() {
        file(root, "alice/docs/b.txt", "old");
        tree.rename(path("/docs/a.txt"), path("/docs/b.txt"));
        assertThat(stored("alice/docs/b.txt")).isEqualTo("hello");
        assertThat(names("/docs")).containsExactlyInAnyOrder("b.txt", "empty");
    }

    @Test
    void mountContentsFollowTheMountsPermissions() {
        mounts("pub $root/shared read\n");
        file(root, "shared/readme", "shared text");

        assertThat(content("/pub/readme")).isEqualTo("shared text");
        assertThatThrownBy(() -> tree.store(path("/pub/x"), 0, OptionalLong.empty())).isInstanceOf(Failure.AccessDenied.class);
        assertThatThrownBy(() -> tree.delete(path("/pub/readme"))).isInstanceOf(Failure.AccessDenied.class);
    }

    // --- mount points ---

    @ParameterizedTest
    @ValueSource(strings = {"/", "/incoming", "/docs/../incoming/"})
    void mountPointsAreProtected(String mountPoint) {
        mounts("incoming $root/shared read,write,modify");
        VirtualPath point = path(mountPoint);

        assertThatThrownBy(() -> tree.store(point, 0, OptionalLong.empty())).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.append(point, OptionalLong.empty())).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.delete(point)).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.removeDirectory(point)).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.renameSource(point)).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.rename(point, path("/elsewhere"))).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.rename(path("/docs/a.txt"), point)).isInstanceOf(Failure.MountPointProtected.class);
        assertThatThrownBy(() -> tree.makeDirectory(point)).isInstanceOf(Failure.AlreadyExists.class);

        assertThat(exists("shared")).isTrue();
        assertThat(stored("alice/docs/a.txt")).isEqualTo("hello");
    }

    @Test
    void belowAMountPointItsRightsApply() {
        mounts("incoming $root/shared read,write,modify");
        tree.makeDirectory(path("/incoming/sub"));
        store("/incoming/sub/f", "in the mount");
        assertThat(stored("shared/sub/f")).isEqualTo("in the mount");
        tree.delete(path("/incoming/sub/f"));
        tree.removeDirectory(path("/incoming/sub"));
        assertThat(exists("shared/sub")).isFalse();
    }

    // --- listing ---

    @Test
    void listShowsMountsFirstAndHidesDotNamesControlFilesAndShadowedEntries() {
        mounts("incoming $root/shared read,write\npub $root/shared read\n");
        dir(root, "alice/incoming");
        file(root, "alice/.hidden", "x");
        file(root, "alice/top.txt", "top");

        List<UserTree.Listed> listed;
        try (Stream<UserTree.Listed> stream = tree.list(VirtualPath.ROOT)) {
            listed = stream.toList();
        }

        assertThat(listed).hasSize(4);
        assertThat(listed.subList(0, 2)).extracting(entry -> entry.entry().name()).containsExactly("incoming", "pub");
        assertThat(listed.subList(0, 2)).allSatisfy(entry -> assertThat(entry.entry().isDirectory()).isTrue());
        assertThat(listed.get(0).permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
        assertThat(listed.get(1).permissions()).containsExactly(Permission.READ);
        assertThat(listed.subList(2, 4)).extracting(entry -> entry.entry().name()).containsExactlyInAnyOrder("docs", "top.txt");
        assertThat(listed.subList(2, 4)).allSatisfy(entry -> assertThat(entry.permissions()).isEqualTo(Permission.ALL));
    }

    @Test
    void listOfTheWholeRootHidesTheMessagesAndControlFolders() {
        mounts("all $root read");
        file(root, "xxftp.welcome", "hi");
        file(root, "XXFTP.GOODBYE", "bye");
        file(root, ".xxftp/anything", "config");

        assertThat(names("/all")).containsExactlyInAnyOrder("alice", "shared");
        // alice's home seen through the mount carries its own mounts, as any directory does
        assertThat(names("/all/alice")).containsExactly("all", "docs");
    }

    @Test
    void listOfAFileIsThatOneEntry() {
        List<UserTree.Listed> listed;
        try (Stream<UserTree.Listed> stream = tree.list(path("/docs/a.txt"))) {
            listed = stream.toList();
        }
        assertThat(listed).singleElement().satisfies(entry -> {
            assertThat(entry.entry().name()).isEqualTo("a.txt");
            assertThat(entry.entry().size()).isEqualTo(5);
            assertThat(entry.permissions()).isEqualTo(Permission.ALL);
        });
    }

    @Test
    void describeShowsTheEntryItselfAndWhetherItIsAMount() {
        mounts("pub $root/shared read\n");
        UserTree.Listed docs = tree.describe(path("/docs"));
        assertThat(docs.entry().isDirectory()).isTrue();
        assertThat(docs.mountPoint()).isFalse();
        assertThat(docs.permissions()).isEqualTo(Permission.ALL);
        UserTree.Listed pub = tree.describe(path("/pub"));
        assertThat(pub.mountPoint()).isTrue();
        assertThat(pub.permissions()).containsExactly(Permission.READ);
        assertThat(tree.describe(VirtualPath.ROOT).mountPoint()).isTrue();
        assertThat(tree.describe(path("/docs/a.txt")).entry().size()).isEqualTo(5);
        assertThatThrownBy(() -> tree.describe(path("/missing"))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void createMakesANewFileOnlyAndNeedsWrite() {
        try (Upload upload = tree.create(path("/docs/new.txt"), OptionalLong.empty())) {
            writeAll(upload, "new".getBytes(StandardCharsets.UTF_8));
            upload.commit();
        }
        assertThat(stored("alice/docs/new.txt")).isEqualTo("new");
        // a taken name is reported as such (not as a refusal), so STOU can try another
        assertThatThrownBy(() -> tree.create(path("/docs/a.txt"), OptionalLong.empty()))
                .isInstanceOf(Failure.AlreadyExists.class);
        assertThat(stored("alice/docs/a.txt")).isEqualTo("hello");
        permission("read,modify");
        assertThatThrownBy(() -> tree.create(path("/docs/other.txt"), OptionalLong.empty()))
                .isInstanceOf(Failure.AccessDenied.class);
        assertThat(exists("alice/docs/other.txt")).isFalse();
    }

    /** In a bucket a stat is up to three requests, and the listing itself tells a directory from a file. */
    @Test
    void aDirectoryIsListedWithoutAStatAndAFileWithOne() {
        statted.clear();
        try (Stream<UserTree.Listed> listed = tree.list(path("/docs"))) {
            assertThat(listed.map(entry -> entry.entry().name())).containsExactlyInAnyOrder("a.txt", "empty");
        }
        assertThat(statted).doesNotContain(key("alice/docs"));

        statted.clear();
        try (Stream<UserTree.Listed> listed = tree.list(path("/docs/a.txt"))) {
            assertThat(listed.map(entry -> entry.entry().size())).containsExactly(5L);
        }
        assertThat(statted).containsExactly(key("alice/docs/a.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.xxftp", "/.XXFTP/", "/docs/../.xxftp/virtual"})
    void controlFilesAnswerLikeMissingOnes(String spelling) {
        mounts("pub $root/shared read");
        VirtualPath control = path(spelling);
        assertThatThrownBy(() -> tree.list(control)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> tree.read(control, 0)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> tree.store(control, 0, OptionalLong.empty())).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> tree.delete(control)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> tree.makeDirectory(control)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> tree.rename(path("/docs/a.txt"), control)).isInstanceOf(Failure.NotFound.class);
        assertThat(stored("alice/.xxftp/virtual")).isEqualTo("pub $root/shared read");
    }

    // --- quota ---

    @Test
    void anUploadPastTheLimitIsRefusedWhileWritingAndLeavesNothing() {
        smallScope(100);
        long before = root.usage(key("shared"));

        Upload upload = tree.store(path("/small/big"), 0, OptionalLong.empty());
        writeAll(upload, new byte[60]);
        assertThatThrownBy(() -> writeAll(upload, new byte[60])).isInstanceOf(Failure.QuotaExceeded.class);
        upload.abort();

        assertThat(exists("shared/big")).isFalse();
        assertThat(root.usage(key("shared"))).isEqualTo(before);
        // nothing stays claimed: the whole remainder is still there, and not a byte more
        store("/small/fits", new byte[(int) free(100)]);
        assertThatThrownBy(() -> store("/small/more", new byte[1])).isInstanceOf(Failure.QuotaExceeded.class);
        assertThat(root.usage(key("shared"))).isEqualTo(100);
    }

    @Test
    void anAppendPastTheLimitKeepsWhatFitted() {
        smallScope(100);
        file(root, "shared/log", new byte[10]);

        Upload upload = tree.append(path("/small/log"), OptionalLong.empty());
        writeAll(upload, new byte[50]);
        assertThatThrownBy(() -> writeAll(upload, new byte[100])).isInstanceOf(Failure.QuotaExceeded.class);
        upload.abort();

        assertThat(root.stat(key("shared/log")).size()).isEqualTo(60);
        store("/small/rest", new byte[(int) free(100)]);
        assertThat(root.usage(key("shared"))).isEqualTo(100);
    }

    @Test
    void aReplaceFreesWhatItReplaced() {
        smallScope(100);
        store("/small/f", new byte[60]);

        store("/small/f", new byte[30]);

        long free = free(100);
        assertThatThrownBy(() -> store("/small/g", new byte[(int) free + 1])).isInstanceOf(Failure.QuotaExceeded.class);
        store("/small/g", new byte[(int) free]);
    }

    /** Replacing a file in a nearly full scope fits when the result fits: the old bytes go on commit. */
    @Test
    void aReplaceMayUseTheRoomOfWhatItReplaces() {
        smallScope(100);
        store("/small/f", new byte[(int) free(100) - 5]);

        store("/small/f", new byte[(int) free(100) + 10]);

        assertThat(root.usage(key("shared"))).isLessThanOrEqualTo(100);
        assertThatThrownBy(() -> store("/small/f", new byte[200])).isInstanceOf(Failure.QuotaExceeded.class);
    }

    @Test
    void aFailedStartReleasesTheReservation() {
        smallScope(100);
        assertThatThrownBy(() -> tree.store(path("/small/missing/x"), 0, OptionalLong.empty())).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> tree.store(path("/small"), 0, OptionalLong.empty())).isInstanceOf(Failure.MountPointProtected.class);
        store("/small/all", new byte[(int) free(100)]);
    }

    @Test
    void writingAfterAbortIsRefusedWithoutClaimingQuota() {
        smallScope(100);
        Upload upload = tree.store(path("/small/x"), 0, OptionalLong.empty());
        upload.abort();

        assertThatThrownBy(() -> upload.write(ByteBuffer.wrap(new byte[50]))).isInstanceOf(ClosedChannelException.class);

        store("/small/all", new byte[(int) free(100)]);
    }

    @Test
    void deletingGivesRoomBack() {
        smallScope(100);
        store("/small/f", new byte[(int) free(100)]);
        assertThatThrownBy(() -> store("/small/g", new byte[1])).isInstanceOf(Failure.QuotaExceeded.class);

        tree.delete(path("/small/f"));

        store("/small/g", new byte[(int) free(100)]);
    }

    @Test
    void renameIntoAScopeThatCantHoldItIsRefused() {
        smallScope(20);
        file(root, "alice/docs/big", new byte[50]);

        assertThatThrownBy(() -> tree.rename(path("/docs/big"), path("/small/big"))).isInstanceOf(Failure.QuotaExceeded.class);

        assertThat(root.stat(key("alice/docs/big")).size()).isEqualTo(50);
        assertThat(exists("shared/big")).isFalse();
        // what fits moves, and counts there at once
        tree.rename(path("/docs/a.txt"), path("/small/a.txt"));
        assertThat(stored("shared/a.txt")).isEqualTo("hello");
        long free = free(20);
        assertThatThrownBy(() -> store("/small/g", new byte[(int) free + 1])).isInstanceOf(Failure.QuotaExceeded.class);
        store("/small/g", new byte[(int) free]);
    }

    @Test
    void renameIntoANestedScopeChargesOnlyTheScopeItEnters() {
        // the home is nearly full, but moving a file into a sub-scope of the home does not change its usage
        file(root, "alice/.xxftp/size", "200");
        mounts("pub $root/alice/pub read,write,modify");
        file(root, "alice/pub/.xxftp/size", "1000");
        file(root, "alice/f", new byte[100]);
        assertThat(root.usage(key("alice"))).isGreaterThan(100);

        tree.rename(path("/f"), path("/pub/f"));
        tree.rename(path("/pub/f"), path("/f2"));

        assertThat(root.stat(key("alice/f2")).size()).isEqualTo(100);
    }

    @Test
    void renameAcrossStoragesIsRefused() {
        mounts("ext file:///x read,write,modify");

        assertThatThrownBy(() -> tree.rename(path("/docs/a.txt"), path("/ext/a.txt"))).isInstanceOf(Failure.CrossStorage.class);

        assertThat(stored("alice/docs/a.txt")).isEqualTo("hello");
        assertThat(names("/ext")).isEmpty();
    }

    @Test
    void renameOfADirectoryIntoItselfIsInvalid() {
        assertThatThrownBy(() -> tree.rename(path("/docs"), path("/docs/empty/docs"))).isInstanceOf(Failure.InvalidName.class);
        assertThatThrownBy(() -> tree.rename(path("/docs"), path("/docs/x"))).isInstanceOf(Failure.InvalidName.class);
        // onto itself is a harmless no-op, as long as it exists
        tree.rename(path("/docs"), path("docs/"));
        assertThatThrownBy(() -> tree.rename(path("/missing"), path("/missing"))).isInstanceOf(Failure.NotFound.class);
        assertThat(names("/docs")).containsExactlyInAnyOrder("a.txt", "empty");
    }

    @Test
    void renameOfADirectoryMovesItsContent() {
        tree.rename(path("/docs"), path("/papers"));
        assertThat(content("/papers/a.txt")).isEqualTo("hello");
        assertThat(names("/")).containsExactly("papers");
    }
}
