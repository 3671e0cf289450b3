package xxftp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The Debian package, installed for real with {@code dpkg -i} (root only, and only where no
 * xxftp is installed already), then purged. What it leaves by design, the xxftp user and
 * /srv/xxftp, goes too when this test made them.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageIT {

    private static final String VERSION = System.getProperty("xxftp.dist.version");
    private static final Map<String, String> PATH = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    private static final Path TREE = Path.of("/srv/xxftp");
    private static final Path CONFIG = Path.of("/etc/xxftp/xxftp.yaml");

    /** Set once the preconditions hold: only then may the clean-up touch packages, users and folders. */
    private static boolean ours;
    private static boolean userExisted;
    private static boolean treeExisted;

    @BeforeAll
    static void preconditions() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "dpkg -i needs root: the Debian package is not tested");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "no dpkg here: the Debian package is not tested");
        Assumptions.assumeTrue(dpkg("dpkg-query", "-W", "-f=${Status}", "xxftp").out().isEmpty(),
                "a package xxftp is installed already: it is left alone, and this one not tested");
        userExisted = dpkg("getent", "passwd", "xxftp").exitCode() == 0;
        treeExisted = Files.exists(TREE);
        ours = true;
    }

    @Test
    @Order(1)
    void installsToTheUsualPlacesWithItsOwnUser() throws IOException {
        dpkg("dpkg", "-i", debianPackage().toString()).assertExit(0);

        assertThat(Files.readSymbolicLink(Path.of("/usr/bin/xxftp"))).isEqualTo(Path.of("/usr/lib/xxftp/bin/xxftp"));
        assertThat(Path.of("/usr/lib/xxftp/runtime/bin/java")).isExecutable();
        assertThat(Path.of("/lib/systemd/system/xxftp.service")).isRegularFile();
        assertThat(dpkg("dpkg-query", "-W", "-f=${Conffiles}", "xxftp").out()).contains(CONFIG.toString());
        String[] account = dpkg("getent", "passwd", "xxftp").assertExit(0).out().strip().split(":");
        assertThat(Integer.parseInt(account[2])).as("a system user's uid").isLessThan(1000);
        assertThat(account[6]).isEqualTo("/usr/sbin/nologin");
        PosixFileAttributes tree = Files.readAttributes(TREE, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(tree.owner().getName()).isEqualTo("xxftp");
        assertThat(tree.group().getName()).isEqualTo("xxftp");
        assertThat(PosixFilePermissions.toString(tree.permissions())).isEqualTo("rwxr-x---");
    }

    @Test
    @Order(2)
    void runsFromThePathWithTheInstalledConfiguration() {
        assertThat(dpkg("xxftp", "--version").assertExit(0).out()).isEqualTo("xxftp " + VERSION + "\n");
        assertThat(dpkg("xxftp", "check", "--root", TREE.toString()).assertExit(0).out()).isEqualTo("No problems in " + TREE + ".\n");
        // as the unit starts it: its user, its configuration
        Programs.Result effective = dpkg("setpriv", "--reuid=xxftp", "--regid=xxftp", "--init-groups",
                "xxftp", "serve", "--config", CONFIG.toString(), "--print-config").assertExit(0);
        assertThat(effective.out().lines()).anyMatch(line -> line.startsWith("root: " + TREE + "    (" + CONFIG + ":"))
                .anyMatch(line -> line.startsWith("listen: 0.0.0.0:21    (" + CONFIG + ":"));
    }

    @Test
    @Order(3)
    void systemdAcceptsTheInstalledUnit() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze is not installed (Debian package systemd)");
        Programs.Result verify = dpkg("systemd-analyze", "verify", "/lib/systemd/system/xxftp.service").assertExit(0);
        assertThat(verify.out() + verify.err()).isEmpty();
    }

    @Test
    @Order(4)
    void purgeRemovesWhatItInstalled() {
        dpkg("dpkg", "--purge", "xxftp").assertExit(0);

        assertThat(dpkg("dpkg-query", "-W", "-f=${Status}", "xxftp").out()).doesNotContain("ok installed");
        assertThat(Path.of("/usr/lib/xxftp")).doesNotExist();
        assertThat(Path.of("/usr/bin/xxftp")).doesNotExist();
        assertThat(Path.of("/etc/xxftp")).doesNotExist();
        assertThat(Path.of("/lib/systemd/system/xxftp.service")).doesNotExist();
        assertThat(dpkg("dpkg-statoverride", "--list", TREE.toString()).exitCode()).as("the tree's override").isEqualTo(1);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (!ours) {
            return;
        }
        if (!dpkg("dpkg-query", "-W", "-f=${Status}", "xxftp").out().isEmpty()) {
            dpkg("dpkg", "--purge", "xxftp");
        }
        if (!treeExisted && Files.isDirectory(TREE)) {
            try (Stream<Path> left = Files.list(TREE)) {
                assertThat(left.toList()).as("what the test left in " + TREE).isEmpty();
            }
            Files.delete(TREE);
        }
        if (!userExisted && dpkg("getent", "passwd", "xxftp").exitCode() == 0) {
            dpkg("deluser", "--system", "xxftp").assertExit(0);
        }
    }

    private static Path debianPackage() throws IOException {
        try (Stream<Path> built = Files.list(Path.of(System.getProperty("xxftp.dist.packages")))) {
            List<Path> packages = built.filter(file -> file.getFileName().toString().matches("xxftp_.*\\.deb")).toList();
            assertThat(packages).as("the Debian package of mvn package").hasSize(1);
            return packages.getFirst();
        }
    }

    private static Programs.Result dpkg(String... command) {
        return Programs.run(List.of(command), PATH, Path.of("/"), "");
    }
}
