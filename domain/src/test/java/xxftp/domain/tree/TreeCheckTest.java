package xxftp.domain.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xxftp.domain.testkit.MemoryStorage;

class TreeCheckTest {

    private final MemoryStorage root = new MemoryStorage();
    private final TreeCheck check = new TreeCheck(root,
            new TreeNamespace(root, new TreeFiles(Clock.systemUTC(), Duration.ZERO), uri -> Optional.empty()));

    @Test
    void aGoodTreeHasNoProblem() {
        file(root, "xxftp.welcome", "hi");
        file(root, "anonymous/.xxftp/permission", "read\n");
        file(root, "anonymous/.xxftp/virtual", "# the drop box\n\nincoming $root/anonymous-incoming read,write\n");
        file(root, "anonymous-incoming/.xxftp/size", "104857600\n");
        file(root, "alice/.xxftp/password", PasswordHash.create("x") + "\n");
        file(root, "bob/.xxftp/password", PasswordHash.legacyMd5("y"));
        file(root, "bob/sub/.xxftp/size", "0");
        assertThat(check.run()).isEmpty();
    }

    @Test
    void eachProblemIsReportedWithItsFileAndLine() {
        file(root, "alice/.xxftp/size", "lots\n");
        file(root, "alice/.xxftp/permission", "read,wirte\n");
        file(root, "alice/.xxftp/password", "plaintext\n");
        file(root, "alice/.xxftp/sise", "10");
        file(root, "alice/.xxftp/virtual", "ok $root/shared read\nbad $root/shared read,everything\ngone $root/nowhere read\n"
                + "two fields\nok $root/shared read\nfar s3://nobody/x read\n");
        dir(root, "shared");
        file(root, "shared/sub/.xxftp/permission", "read");
        dir(root, "bad-name");
        assertThat(check.run()).map(TreeCheck.Problem::toString).containsExactlyInAnyOrder(
                "alice/.xxftp/size:1: 'lots' is not a byte count (a whole number, 0 for no limit)",
                "alice/.xxftp/permission:1: 'read,wirte' is not a list of read, write, modify",
                "alice/.xxftp/password:1: neither a hex MD5 nor a $pbkdf2-sha256$ hash",
                "alice/.xxftp/sise: not a control file the server reads",
                "alice/.xxftp/virtual:2: 'read,everything' is not a list of read, write, modify",
                "alice/.xxftp/virtual:3: target '$root/nowhere' is not an existing directory",
                "alice/.xxftp/virtual:4: not NAME TARGET PERMISSIONS (2 fields)",
                "alice/.xxftp/virtual:5: a second mount named ok (the first wins)",
                "alice/.xxftp/virtual:6: no backend opens target 's3://nobody/x'",
                "shared/sub/.xxftp/permission: only a home's (a top-level folder's) permission is read",
                "bad-name: not a user (only letters, digits and _ make one) and no mount shows it: nobody can reach it");
    }

    @Test
    void mountLoopsAreFoundThroughSeveralMounts() {
        file(root, "alice/.xxftp/virtual", "up $root read\n");
        file(root, "bob/.xxftp/virtual", "to_carol $root/carol read\n");
        file(root, "carol/sub/.xxftp/virtual", "to_bob $root/bob read\n");
        file(root, "dave/.xxftp/virtual", "to_carol $root/carol read\n");
        assertThat(check.run()).map(TreeCheck.Problem::toString).containsExactlyInAnyOrder(
                "alice/.xxftp/virtual:1: mount loop: up leads back to alice",
                "bob/.xxftp/virtual:1: mount loop: to_carol leads back to bob",
                "carol/sub/.xxftp/virtual:1: mount loop: to_bob leads back to carol/sub");
    }
}
