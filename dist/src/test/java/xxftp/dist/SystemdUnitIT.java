package xxftp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit the tarball and the package ship: the user, the one capability, the
 * read-only system, as its directives say and as systemd itself reads them (no systemd runs
 * here, so {@code systemd-analyze} reads the file offline, where it is installed).
 */
@Timeout(120)
class SystemdUnitIT {

    private static final String EXEC_START = "/usr/lib/xxftp/bin/xxftp serve --config /etc/xxftp/xxftp.yaml";

    @TempDir
    static Path folder;

    static Distribution distribution;

    @BeforeAll
    static void unpack() throws IOException {
        distribution = Distribution.unpack(folder);
    }

    @Test
    void runsTheServerAsItsOwnUserWithOnlyTheCapabilityForLowPorts() throws IOException {
        Map<String, List<String>> service = directives(distribution.home().resolve("systemd/xxftp.service"));

        assertThat(service).containsEntry("ExecStart", List.of(EXEC_START))
                .containsEntry("User", List.of("xxftp"))
                .containsEntry("Group", List.of("xxftp"))
                .containsEntry("AmbientCapabilities", List.of("CAP_NET_BIND_SERVICE"))
                .containsEntry("CapabilityBoundingSet", List.of("CAP_NET_BIND_SERVICE"))
                .containsEntry("NoNewPrivileges", List.of("yes"))
                .containsEntry("ProtectSystem", List.of("strict"))
                .containsEntry("ReadWritePaths", List.of("/srv/xxftp"))
                .containsEntry("ProtectHome", List.of("yes"))
                .containsEntry("PrivateTmp", List.of("yes"))
                .containsEntry("SuccessExitStatus", List.of("143"))
                .containsEntry("WantedBy", List.of("multi-user.target"))
                .doesNotContainKeys("DynamicUser", "PrivateUsers", "MemoryDenyWriteExecute");
    }

    @Test
    void systemdReadsItWithoutComplaintAndRatesItsExposureAtMostThree() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze is not installed (Debian package systemd); the unit's directives are checked by reading only");
        // the unit as the tarball's own: its ExecStart must exist for verify
        Path unit = folder.resolve("xxftp.service");
        Files.writeString(unit, Files.readString(distribution.home().resolve("systemd/xxftp.service"))
                .replace("ExecStart=/usr/lib/xxftp/bin/xxftp ", "ExecStart=" + distribution.home().resolve("bin/xxftp") + " "));
        Map<String, String> path = Map.of("PATH", "/usr/bin:/bin");

        Programs.Result verify = Programs.run(List.of("systemd-analyze", "verify", unit.toString()), path, folder, "").assertExit(0);
        assertThat(verify.out() + verify.err()).isEmpty();
        // exposure times ten; 3.0 with the directives above, on systemd 252
        Programs.run(List.of("systemd-analyze", "security", "--offline=true", "--threshold=30", "--no-pager", unit.toString()),
                path, folder, "").assertExit(0);
    }

    /** The unit's KEY=VALUE lines, every value of a key in order; comments and sections left out. */
    static Map<String, List<String>> directives(Path unit) throws IOException {
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String line : Files.readAllLines(unit)) {
            int equals = line.indexOf('=');
            if (line.startsWith("#") || line.startsWith("[") || equals < 0) {
                continue;
            }
            directives.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>()).add(line.substring(equals + 1));
        }
        return directives;
    }
}
