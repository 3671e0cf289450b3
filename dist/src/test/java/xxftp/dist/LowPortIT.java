package xxftp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ports below 1024 (21, 990) without root, the way the systemd unit does it: an unprivileged
 * user with CAP_NET_BIND_SERVICE in its ambient set and no new privileges, which the launcher
 * and the runtime it starts keep across their exec. Without the capability the same start fails.
 * Needs root, to start the server as another user (setpriv, util-linux).
 */
@Timeout(120)
class LowPortIT {

    /** The unprivileged user: nobody. */
    private static final String NOBODY = "65534";

    @TempDir
    static Path folder;

    static Distribution distribution;

    @BeforeAll
    static void unpack() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to run the server as another user; the unit's capability is not tested");
        distribution = Distribution.unpack(folder);
    }

    @Test
    void bindsAPortBelow1024AsAnUnprivilegedUserWithTheAmbientCapability(@TempDir Path tree, @TempDir Path state) throws Exception {
        int port = freeLowPort();
        List<String> asNobodyWithCapability = List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "--no-new-privs", "--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service");

        try (Distribution.Server server = distribution.serve(asNobodyWithCapability,
                List.of("--root", Distribution.open(tree).toString(), "--state-dir", writableByNobody(state).toString(),
                        "--state-dir", writableByNobody(state).toString(), "--listen", "127.0.0.1:" + port), Map.of());
             Socket control = new Socket("127.0.0.1", port)) {
            assertThat(server.port()).isEqualTo(port);
            BufferedReader greeting = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.US_ASCII));
            // RFC 959 section 5.4: the server greets with 220
            assertThat(greeting.readLine()).startsWith("220");
        }
    }

    @Test
    void failsToBindThatPortWithoutTheCapability(@TempDir Path tree, @TempDir Path state) throws IOException {
        int port = freeLowPort();

        Programs.Result serve = Programs.run(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                        "--no-new-privs", distribution.launcher().toString(), "serve", "--root", Distribution.open(tree).toString(),
                        "--state-dir", writableByNobody(state).toString(), "--listen", "127.0.0.1:" + port),
                distribution.environment(Map.of()), Path.of("/"), "").assertExit(1);

        assertThat(serve.err().lines().toList()).singleElement().asString()
                .startsWith("xxftp: can't listen on /127.0.0.1:" + port + ": ");
    }

    /** Where nobody can write the self-signed certificate, as systemd's StateDirectory is for the unit's user. */
    private static Path writableByNobody(Path folder) throws IOException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return folder;
    }

    /** A port below 1024 that nobody listens on now (this JVM, root, may bind it). */
    private static int freeLowPort() throws IOException {
        for (int port = 1023; port > 900; port--) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (BindException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in 901-1023");
    }
}
