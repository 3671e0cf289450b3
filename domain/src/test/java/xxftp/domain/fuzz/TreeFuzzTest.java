package xxftp.domain.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import xxftp.domain.model.Account;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Mount;
import xxftp.domain.model.Names;
import xxftp.domain.model.Permission;
import xxftp.domain.model.Resolved;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.testkit.MemoryStorage;
import xxftp.domain.tree.ControlSyntax;
import xxftp.domain.tree.PasswordHash;
import xxftp.domain.tree.TreeFiles;
import xxftp.domain.tree.TreeNamespace;

/**
 * Fuzz tests of the path normaliser with namespace resolution and of every control file's
 * parser. {@code mvn verify} runs the committed inputs (src/test/resources/.../TreeFuzzTestInputs);
 * {@code JAZZER_FUZZ=1 mvn -pl domain test -Dtest=TreeFuzzTest#NAME} fuzzes one for its max duration.
 * The invariants are the tree's promises, not only "no crash".
 */
class TreeFuzzTest {

    private static final MemoryStorage ROOT = new MemoryStorage();
    private static final MemoryStorage ELSEWHERE = new MemoryStorage();
    private static final Location HOME = new Location(ROOT, StorageKey.parse("alice"));
    private static final List<StorageKey> TARGETS = List.of(StorageKey.parse("shared"), StorageKey.parse("alice/docs/deep"));

    static {
        dir(ROOT, "alice/docs/deep");
        dir(ROOT, "shared/sub");
        dir(ELSEWHERE, "x");
        file(ROOT, "alice/.xxftp/virtual", "pub $root/shared read\nnest $root/alice/docs/deep read,write\next file:///x read\n");
        file(ROOT, "shared/.xxftp/virtual", "back $root/alice read\n");
        file(ROOT, "alice/.xxftp/password", "0123456789abcdef0123456789abcdef\n");
        file(ROOT, "xxftp.welcome", "hi");
    }

    private static final TreeNamespace NAMESPACE = new TreeNamespace(ROOT, new TreeFiles(Clock.systemUTC(), Duration.ofHours(1)),
            uri -> uri.equals(URI.create("file:///x")) ? Optional.of(new Location(ELSEWHERE, StorageKey.ROOT)) : Optional.empty());

    /** A client path, from any directory: it never leaves the home or a mount's target, and never reaches a control name. */
    @FuzzTest(maxDuration = "2m")
    void resolvedPathsStayInsideAndAwayFromControlFiles(FuzzedDataProvider data) {
        VirtualPath cwd = VirtualPath.ROOT.resolve(data.consumeString(200));
        VirtualPath path = cwd.resolve(data.consumeRemainingAsString());
        Resolved resolved;
        try {
            resolved = NAMESPACE.resolve(new Account("alice", HOME), path);
        } catch (Failure.NotFound | Failure.InvalidName refused) {
            return;
        }
        Location at = resolved.location();
        assertThat(at.key().isControl()).as("%s reaches a control name", path).isFalse();
        assertThat(at.key().segments()).allMatch(Names::isStorable);
        if (at.storage() == ROOT) {
            boolean inside = at.key().startsWith(HOME.key()) || TARGETS.stream().anyMatch(at.key()::startsWith);
            assertThat(inside).as("%s leaves the home: %s", path, at.key()).isTrue();
        } else {
            assertThat(at.storage()).isSameAs(ELSEWHERE);
        }
        assertThat(resolved.permissions()).isSubsetOf(Permission.ALL);
    }

    /** A virtual file's line: refused with a reason, or a mount that formats back to itself. */
    @FuzzTest(maxDuration = "2m")
    void mountLinesParseToWhatTheyFormat(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        Optional<ControlSyntax.MountLine> parsed;
        try {
            parsed = ControlSyntax.mountLine(line);
        } catch (ControlSyntax.Malformed refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        if (parsed.isPresent()) {
            ControlSyntax.MountLine mount = parsed.get();
            assertThat(Names.isStorable(mount.name()) && !Names.isControl(mount.name())).isTrue();
            try {
                assertThat(ControlSyntax.mountLine(mount.format())).contains(mount);
            } catch (ControlSyntax.Malformed e) {
                throw new AssertionError("a parsed line must parse again: " + mount.format(), e);
            }
        }
    }

    /** Any virtual file: the mounts the server makes of it never carry a control name. */
    @FuzzTest(maxDuration = "2m")
    void mountsFromAnyVirtualFileAreNeverControlNames(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        MemoryStorage tree = new MemoryStorage();
        dir(tree, "bob/a");
        file(tree, "bob/.xxftp/virtual", text);
        TreeNamespace namespace = new TreeNamespace(tree, new TreeFiles(Clock.systemUTC(), Duration.ZERO), uri -> Optional.empty());
        Resolved home = namespace.resolve(new Account("bob", new Location(tree, StorageKey.parse("bob"))), VirtualPath.ROOT);
        for (Mount mount : namespace.mountsIn(home)) {
            assertThat(Names.isControl(mount.name())).isFalse();
            assertThat(mount.target().key().isControl()).isFalse();
        }
    }

    /** Size, permission and password files: a value in range, or a reason. */
    @FuzzTest(maxDuration = "2m")
    void controlFileValuesAreInRangeOrRefused(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            assertThat(ControlSyntax.sizeLimit(text)).isNotNegative();
        } catch (ControlSyntax.Malformed refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            Set<Permission> rights = ControlSyntax.permissions(text);
            assertThat(Permission.parseList(Permission.format(rights))).contains(rights);
        } catch (ControlSyntax.Malformed refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        boolean known = PasswordHash.isKnownForm(text);
        try {
            ControlSyntax.password(text);
            assertThat(known).isTrue();
        } catch (ControlSyntax.Malformed refused) {
            assertThat(known).isFalse();
            // an unknown form never lets anyone in
            assertThat(PasswordHash.matches(text, "")).isFalse();
            assertThat(PasswordHash.matches(text, text)).isFalse();
        }
    }
}
