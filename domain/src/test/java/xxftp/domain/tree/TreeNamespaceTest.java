package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.path;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xxftp.domain.model.Account;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Mount;
import xxftp.domain.model.Permission;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.model.Resolved;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.port.Backends;
import xxftp.domain.testkit.MemoryStorage;

class TreeNamespaceTest {

    private final MemoryStorage root = new MemoryStorage();
    private final MemoryStorage elsewhere = new MemoryStorage();
    private final List<URI> asked = new ArrayList<>();
    private final Backends backends = uri -> {
        asked.add(uri);
        return uri.equals(URI.create("file:///x")) ? Optional.of(new Location(elsewhere, StorageKey.ROOT)) : Optional.empty();
    };
    private final TreeNamespace namespace = new TreeNamespace(root, new TreeFiles(Clock.systemUTC(), Duration.ZERO), backends);
    private final Account alice = new Account("alice", at("alice"));

    @BeforeEach
    void tree() {
        dir(root, "alice/docs");
        dir(root, "anonymous-incoming");
        dir(root, "shared");
    }

    private Location at(String key) {
        return new Location(root, StorageKey.parse(key));
    }

    private Resolved resolve(String spelling) {
        return namespace.resolve(alice, path(spelling));
    }

    private List<String> mountNames(String spelling) {
        return namespace.mountsIn(resolve(spelling)).stream().map(Mount::name).toList();
    }

    @Test
    void homeWithoutPermissionFileHasEveryRight() {
        Resolved home = resolve("/");
        assertThat(home.location()).isEqualTo(at("alice"));
        assertThat(home.permissions()).isEqualTo(Permission.ALL);
        assertThat(home.path()).isEqualTo(VirtualPath.ROOT);
        assertThat(resolve("/docs/a.txt").permissions()).isEqualTo(Permission.ALL);
    }

    @Test
    void permissionFileRestrictsTheWholeHome() {
        file(root, "alice/.xxftp/permission", "read\n");
        assertThat(resolve("/").permissions()).containsExactly(Permission.READ);
        assertThat(resolve("/docs/deeper/a.txt").permissions()).containsExactly(Permission.READ);
    }

    @Test
    void onlyTheFirstLineCountsAndSpacesAreTolerated() {
        file(root, "alice/.xxftp/permission", "  Read , WRITE \r\nmodify\n");
        assertThat(resolve("/").permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
    }

    @Test
    void blankPermissionFileCountsAsAbsent() {
        file(root, "alice/.xxftp/permission", "\n");
        assertThat(resolve("/").permissions()).isEqualTo(Permission.ALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read,wrte", "raed", "read modify", "all"})
    void malformedPermissionLineGrantsNothing(String line) {
        // a typo in an anonymous "read" file must not open the home for writing
        file(root, "alice/.xxftp/permission", line);
        assertThat(resolve("/").permissions()).isEmpty();
        assertThat(resolve("/docs").permissions()).isEmpty();
    }

    @Test
    void mountReplacesTheInheritedPermissions() {
        file(root, "alice/.xxftp/permission", "read");
        file(root, "alice/.xxftp/virtual", "incoming $root/anonymous-incoming read,write\nall $root/shared read,write,modify\n");

        Resolved incoming = resolve("/incoming");
        assertThat(incoming.location()).isEqualTo(at("anonymous-incoming"));
        assertThat(incoming.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
        assertThat(incoming.mountPoint()).isTrue();

        Resolved below = resolve("/incoming/sub/f.txt");
        assertThat(below.location()).isEqualTo(at("anonymous-incoming/sub/f.txt"));
        assertThat(below.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
        assertThat(below.mountPoint()).isFalse();

        // a mount may also grant more than the home has
        assertThat(resolve("/all/x").permissions()).isEqualTo(Permission.ALL);
    }

    @Test
    void mountsNestInsideMountTargets() {
        file(root, "alice/.xxftp/virtual", "pub $root/shared read,write");
        file(root, "shared/.xxftp/virtual", "deep $root/anonymous-incoming read");

        Resolved deep = resolve("/pub/deep/f");
        assertThat(deep.location()).isEqualTo(at("anonymous-incoming/f"));
        assertThat(deep.permissions()).containsExactly(Permission.READ);
        assertThat(resolve("/pub/deep").mountPoint()).isTrue();
        assertThat(mountNames("/pub")).containsExactly("deep");
    }

    @Test
    void mountsNestInsideRealSubdirectories() {
        file(root, "alice/docs/.xxftp/virtual", "shared $root/shared read");

        assertThat(resolve("/docs").mountPoint()).isFalse();
        Resolved shared = resolve("/docs/shared");
        assertThat(shared.location()).isEqualTo(at("shared"));
        assertThat(shared.mountPoint()).isTrue();
        assertThat(shared.permissions()).containsExactly(Permission.READ);
        assertThat(mountNames("/")).isEmpty();
        assertThat(mountNames("/docs")).containsExactly("shared");
    }

    @Test
    void mountPointIsTheHomeAndEachMountNameOnly() {
        file(root, "alice/.xxftp/virtual", "incoming $root/anonymous-incoming read,write");
        assertThat(resolve("/").mountPoint()).isTrue();
        assertThat(resolve("/incoming").mountPoint()).isTrue();
        assertThat(resolve("/incoming/x").mountPoint()).isFalse();
        assertThat(resolve("/docs").mountPoint()).isFalse();
        assertThat(resolve("/docs/../incoming/./").mountPoint()).isTrue();
    }

    @Test
    void malformedMountLinesAreSkippedAndTheRestWork() {
        file(root, "alice/.xxftp/virtual", """
                # a comment
                
                   \t
                twofields $root/shared
                four $root/shared read extra
                unknown $root/shared read,frobnicate
                up $root/../etc read
                ctl $root/.xxftp read
                ctlhome $root/alice/.xxftp read
                welcome $root/xxftp.welcome read
                .xxftp $root/shared read
                .XXFTP-part-1 $root/shared read
                relative shared read
                variable $rootx read
                nowhere s3://unknown/prefix read
                good $root/shared read
                   indented   $root/anonymous-incoming   read,write\t
                """);

        assertThat(mountNames("/")).containsExactly("good", "indented");
        assertThat(resolve("/good").location()).isEqualTo(at("shared"));
        assertThat(resolve("/indented").permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
        // a skipped mount is just an ordinary (missing) name in the home
        Resolved up = resolve("/up");
        assertThat(up.location()).isEqualTo(at("alice/up"));
        assertThat(up.mountPoint()).isFalse();
    }

    @Test
    void mountNamesMatchExactly() {
        file(root, "alice/.xxftp/virtual", "Incoming $root/anonymous-incoming read");
        assertThat(resolve("/Incoming").location()).isEqualTo(at("anonymous-incoming"));
        assertThat(resolve("/incoming").location()).isEqualTo(at("alice/incoming"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.xxftp", "/.xxftp/password", "/sub/.XXFTP/size", "/.xXfTp/virtual", "/docs/.xxftp-part-7",
            "/incoming/.xxftp", "/incoming/.xxftp/size", "docs/../.xxftp/permission", "\\.xxftp\\password"})
    void controlNamesAreNotFound(String spelling) {
        file(root, "alice/.xxftp/virtual", "incoming $root/anonymous-incoming read,write");
        file(root, "anonymous-incoming/.xxftp/size", "100");
        assertThatThrownBy(() -> resolve(spelling)).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void mountOfTheWholeRootHidesItsMessagesAndOtherControlFiles() {
        file(root, "alice/.xxftp/virtual", "all $root read");
        file(root, "xxftp.welcome", "hello");

        assertThatThrownBy(() -> resolve("/all/xxftp.welcome")).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> resolve("/all/XXFTP.GOODBYE")).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> resolve("/all/alice/.xxftp/virtual")).isInstanceOf(Failure.NotFound.class);
        assertThat(resolve("/all").location()).isEqualTo(at(""));
        assertThat(resolve("/all/shared").location()).isEqualTo(at("shared"));
        // below the top, the same name is an ordinary file
        assertThat(resolve("/xxftp.welcome").location()).isEqualTo(at("alice/xxftp.welcome"));
    }

    @Test
    void refusesUnstorableAndTooDeepPaths() {
        assertThatThrownBy(() -> resolve("/a\u0000b")).isInstanceOf(Failure.InvalidName.class);
        assertThatThrownBy(() -> resolve("/docs/a\nb")).isInstanceOf(Failure.InvalidName.class);
        String deep = "/d".repeat(TreeNamespace.MAX_DEPTH + 1);
        assertThatThrownBy(() -> resolve(deep)).isInstanceOf(Failure.InvalidName.class);
        assertThat(resolve("/d".repeat(TreeNamespace.MAX_DEPTH)).location().key().segments()).hasSize(TreeNamespace.MAX_DEPTH + 1);
    }

    @Test
    void homeSizeIsAQuotaScope() {
        file(root, "alice/.xxftp/size", "1000\n");
        assertThat(resolve("/docs/a").quotaScopes()).containsExactly(new QuotaScope(at("alice"), 1000));
        assertThat(resolve("/").quotaScopes()).containsExactly(new QuotaScope(at("alice"), 1000));
    }

    @Test
    void mountTargetHasItsOwnScopeAndLeavesTheHomeScopeBehind() {
        file(root, "alice/.xxftp/size", "1000");
        file(root, "alice/.xxftp/virtual", "incoming $root/anonymous-incoming read,write");
        file(root, "anonymous-incoming/.xxftp/size", "500");
        assertThat(resolve("/incoming/f").quotaScopes()).containsExactly(new QuotaScope(at("anonymous-incoming"), 500));
    }

    @Test
    void scopesNestWhenAMountTargetLiesInsideTheHome() {
        file(root, "alice/.xxftp/size", "1000");
        file(root, "alice/.xxftp/virtual", "pub $root/alice/docs read,write");
        file(root, "alice/docs/.xxftp/size", "100");
        assertThat(resolve("/pub/f").quotaScopes())
                .containsExactly(new QuotaScope(at("alice"), 1000), new QuotaScope(at("alice/docs"), 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", ""})
    void zeroOrBlankSizeIsNoLimit(String line) {
        file(root, "alice/.xxftp/size", line);
        assertThat(resolve("/f").quotaScopes()).isEmpty();
    }

    /** A typo must not lift a limit: an unreadable size allows nothing until it is fixed. */
    @ParameterizedTest
    @ValueSource(strings = {"-5", "ten", "10M"})
    void unreadableSizeAllowsNothing(String line) {
        file(root, "alice/.xxftp/size", line);
        assertThat(resolve("/f").quotaScopes()).containsExactly(new QuotaScope(at("alice"), 0));
    }

    @Test
    void noSizeFileIsNoLimit() {
        assertThat(resolve("/f").quotaScopes()).isEmpty();
    }

    @Test
    void uriTargetsOpenThroughBackends() {
        file(root, "alice/.xxftp/virtual", "ext file:///x read,write\nnope s3://nobody/prefix read\n");
        file(elsewhere, ".xxftp/size", "10");

        Resolved ext = resolve("/ext/f");
        assertThat(ext.location()).isEqualTo(new Location(elsewhere, StorageKey.parse("f")));
        assertThat(ext.quotaScopes()).containsExactly(new QuotaScope(new Location(elsewhere, StorageKey.ROOT), 10));
        assertThat(mountNames("/")).containsExactly("ext");
        // an unknown backend skips the mount: the name is just a path in the home
        assertThat(resolve("/nope").location()).isEqualTo(at("alice/nope"));
        assertThat(asked).contains(URI.create("s3://nobody/prefix"));
    }

    @Test
    void controlNamesAreHiddenInOtherBackendsToo() {
        file(root, "alice/.xxftp/virtual", "ext file:///x read");
        assertThatThrownBy(() -> resolve("/ext/.xxftp/size")).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void absoluteTargetGoesToBackendsAsAFileUri() {
        file(root, "alice/.xxftp/virtual", "srv /srv/x read");
        assertThat(mountNames("/")).isEmpty();
        assertThat(asked).containsExactly(URI.create("file:/srv/x"));
    }

    @Test
    void aMountShowsAsADirectoryWithItsTargetsTimeAndAnUnreachableOneStillShows() {
        file(root, "alice/.xxftp/virtual", "pub $root/shared read\ngone $root/nothing read\n");
        Instant set = Instant.parse("2020-05-06T07:08:09Z");
        root.setModified(StorageKey.parse("shared"), set);
        List<Mount> mounts = namespace.mountsIn(resolve("/"));
        assertThat(mounts).extracting(Mount::name).containsExactly("pub", "gone");
        assertThat(namespace.mountEntry(mounts.get(0))).isEqualTo(new Entry("pub", Entry.Kind.DIRECTORY, 0, set));
        assertThat(namespace.mountEntry(mounts.get(1))).isEqualTo(new Entry("gone", Entry.Kind.DIRECTORY, 0, Instant.EPOCH));
        // once the target exists, the same mount shows its time: nothing about the failure was kept
        dir(root, "nothing");
        assertThat(namespace.mountEntry(mounts.get(1)).modified()).isNotEqualTo(Instant.EPOCH);
    }
}
