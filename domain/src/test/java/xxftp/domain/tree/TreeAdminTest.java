package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.exists;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.text;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Permission;
import xxftp.domain.model.StorageKey;
import xxftp.domain.testkit.MemoryStorage;

class TreeAdminTest {

    private final MemoryStorage root = new MemoryStorage();
    private final MemoryStorage elsewhere = new MemoryStorage();
    private final TreeFiles files = new TreeFiles(Clock.systemUTC(), Duration.ZERO);
    private final TreeAccounts accounts = new TreeAccounts(root, files, PasswordCheck.forThisMachine(Clock.systemUTC()));
    private final TreeNamespace namespace = new TreeNamespace(root, files,
            uri -> uri.equals(URI.create("file:///x")) ? Optional.of(new Location(elsewhere, StorageKey.ROOT)) : Optional.empty());
    private final TreeAdmin admin = new TreeAdmin(root, files, accounts, namespace);

    private static StorageKey key(String text) {
        return StorageKey.parse(text);
    }

    @Test
    void addUserWritesTheTreeFormat() {
        admin.addUser("alice", Optional.of("s3cret"), Optional.of(Set.of(Permission.WRITE, Permission.READ)), OptionalLong.of(1000));
        assertThat(root.stat(key("alice")).isDirectory()).isTrue();
        assertThat(text(root, "alice/.xxftp/permission")).isEqualTo("read,write\n");
        assertThat(text(root, "alice/.xxftp/size")).isEqualTo("1000\n");
        assertThat(accounts.passwordMatches(accounts.find("alice").orElseThrow(), "s3cret")).isTrue();

        admin.addUser("bob", Optional.empty(), Optional.empty(), OptionalLong.empty());
        assertThat(exists(root, "bob/.xxftp")).isFalse();
        assertThatThrownBy(() -> admin.addUser("bob", Optional.empty(), Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> admin.addUser("no-dash", Optional.empty(), Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(Failure.InvalidName.class);
        assertThatThrownBy(() -> admin.addUser("", Optional.empty(), Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(Failure.InvalidName.class);
    }

    @Test
    void usersListsNamePasswordPermissionLimitAndUse() {
        admin.addUser("alice", Optional.of("pw"), Optional.empty(), OptionalLong.of(500));
        file(root, "alice/a.bin", new byte[120]);
        admin.addUser("bob", Optional.empty(), Optional.of(Set.of(Permission.READ)), OptionalLong.empty());
        dir(root, "anonymous-incoming");
        file(root, "xxftp.welcome", "hi");

        List<TreeAdmin.User> users = admin.users();
        assertThat(users).extracting(TreeAdmin.User::name).containsExactly("alice", "bob");
        TreeAdmin.User alice = users.get(0);
        assertThat(alice.hasPassword()).isTrue();
        assertThat(alice.permission()).isEmpty();
        assertThat(alice.limit()).hasValue(500);
        // the password file counts, as it does for the server's quota
        assertThat(alice.used()).isEqualTo(120 + text(root, "alice/.xxftp/password").length() + "500\n".length());
        TreeAdmin.User bob = users.get(1);
        assertThat(bob.hasPassword()).isFalse();
        assertThat(bob.permission()).hasValue("read");
        assertThat(bob.limit()).isEmpty();
    }

    @Test
    void removeUserRefusesAHomeWithFilesUnlessAsked() {
        admin.addUser("alice", Optional.of("pw"), Optional.empty(), OptionalLong.empty());
        file(root, "alice/docs/a.txt", "x");
        assertThatThrownBy(() -> admin.removeUser("alice", false)).isInstanceOf(Failure.NotEmpty.class);
        assertThat(text(root, "alice/docs/a.txt")).isEqualTo("x");
        admin.removeUser("alice", true);
        assertThat(exists(root, "alice")).isFalse();

        admin.addUser("bob", Optional.of("pw"), Optional.empty(), OptionalLong.of(5));
        admin.removeUser("bob", false);
        assertThat(exists(root, "bob")).isFalse();
        assertThatThrownBy(() -> admin.removeUser("carol", false)).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void mountsAreAddedListedAndRemovedAndTheirTargetMustExist() {
        admin.addUser("alice", Optional.empty(), Optional.empty(), OptionalLong.empty());
        dir(root, "shared");
        file(root, "alice/.xxftp/virtual", "# kept\nold $root/shared read\n");

        admin.addMount(key("alice"), "pub", "$root/shared", Set.of(Permission.READ, Permission.WRITE));
        admin.addMount(key("alice"), "ext", "file:///x", Set.of(Permission.READ));
        assertThat(text(root, "alice/.xxftp/virtual")).isEqualTo("old $root/shared read\npub $root/shared read,write\next file:///x read\n");
        assertThat(admin.mounts(key("alice"))).extracting(ControlSyntax.MountLine::name).containsExactly("old", "pub", "ext");

        assertThatThrownBy(() -> admin.addMount(key("alice"), "pub", "$root/shared", Set.of(Permission.READ)))
                .isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> admin.addMount(key("alice"), "gone", "$root/nothing", Set.of(Permission.READ)))
                .isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> admin.addMount(key("alice"), "far", "s3://nobody/x", Set.of(Permission.READ)))
                .isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> admin.addMount(key("alice"), ".xxftp", "$root/shared", Set.of(Permission.READ)))
                .isInstanceOf(Failure.InvalidName.class);
        assertThatThrownBy(() -> admin.addMount(key("nobody"), "x", "$root/shared", Set.of(Permission.READ)))
                .isInstanceOf(Failure.NotFound.class);

        admin.removeMount(key("alice"), "old");
        assertThat(admin.mounts(key("alice"))).extracting(ControlSyntax.MountLine::name).containsExactly("pub", "ext");
        assertThatThrownBy(() -> admin.removeMount(key("alice"), "old")).isInstanceOf(Failure.NotFound.class);
        // the server sees the change at once (no stale cache here)
        assertThat(namespace.mountsIn(namespace.resolve(accounts.find("alice").orElseThrow(), xxftp.domain.model.VirtualPath.ROOT)))
                .extracting(xxftp.domain.model.Mount::name).containsExactly("pub", "ext");
    }

    @Test
    void quotasAreShownAndSet() {
        admin.addUser("alice", Optional.empty(), Optional.empty(), OptionalLong.empty());
        file(root, "alice/f", new byte[300]);
        assertThat(admin.quota(key("alice"))).isEqualTo(new TreeAdmin.QuotaFigures(key("alice"), OptionalLong.empty(), 300));
        admin.setQuota(key("alice"), 1000);
        TreeAdmin.QuotaFigures figures = admin.quota(key("alice"));
        assertThat(figures.limit()).hasValue(1000);
        assertThat(figures.used()).isEqualTo(300 + "1000\n".length());
        assertThat(figures.free()).hasValue(1000 - 300 - 5);
        admin.setQuota(key("alice"), 0);
        assertThat(admin.quota(key("alice")).limit()).isEmpty();
        assertThatThrownBy(() -> admin.setQuota(key("alice"), -1)).isInstanceOf(Failure.InvalidName.class);
        assertThatThrownBy(() -> admin.setQuota(key("alice/f"), 5)).isInstanceOf(Failure.NotADirectory.class);
    }
}
