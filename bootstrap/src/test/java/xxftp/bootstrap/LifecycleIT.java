package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a service manager runs it, in a process of its own on a local tree: FTPS from
 * the first start with a self-signed certificate, SIGTERM's graceful stop, SIGHUP's reload.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LifecycleIT {

    @TempDir
    Path work;

    /** Certificates and reloads are the same whatever holds the tree: once, on a local one. */
    private static void localRunOnly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(XxftpServerExtension.onS3(), "backend-independent");
    }

    /** This run's backend: a local tree, or a fresh prefix of the test bucket; with a user alice. */
    private TestTree backendTree() throws IOException {
        Path root = tree();
        bucket = XxftpServerExtension.onS3() ? xxftp.s3.S3TestServer.get().freshPrefix() : null;
        TestTree tree = TestTree.of(root, bucket);
        tree.user("alice");
        return tree;
    }

    private xxftp.s3.S3Settings bucket;

    private List<String> backendFlags(String... more) throws IOException {
        List<String> flags = new ArrayList<>(ServerProcess.storageFlags(work.resolve("tree"), bucket));
        flags.addAll(List.of(more));
        return flags;
    }

    private Path tree() throws IOException {
        Path root = Files.createDirectories(work.resolve("tree/alice"));
        return root.getParent();
    }

    private static void signal(ServerProcess server, String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(server.process().pid())).start().waitFor();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void theFirstStartOffersFtpsWithASelfSignedCertificateWhoseFingerprintItLogs() throws Exception {
        localRunOnly();
        List<String> flags = List.of("--root", tree().toString());
        try (ServerProcess server = ServerProcess.start(work, flags)) {
            Path key = work.resolve("state/tls-key.pem");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            String fingerprint = SelfSignedTls.fingerprint(work.resolve("state/tls-cert.pem"));
            // printed right after the port opens
            await(() -> logContains(server, "SHA-256 fingerprint"));
            assertThat(server.log()).contains("SHA-256 fingerprint " + fingerprint);
            ExternalClient curl = ExternalClient.require("curl", ExternalClient.isolatedHome(work));
            ExternalClient.Result listed = curl.run(work, List.of("-q", "--silent", "--show-error", "--verbose", "--max-time", "20",
                    "--ssl-reqd", "--insecure", "--user", "alice:", "ftp://127.0.0.1:" + server.port() + "/")).assertSucceeded();
            assertThat(listed.output()).contains("SSL connection using TLSv1.3", "subject: CN=xxftp");
            ByteArrayOutputStreamConsole console = new ByteArrayOutputStreamConsole();
            assertThat(Main.run(List.of("tls", "fingerprint", "--state-dir", work.resolve("state").toString()),
                    console.console(), java.util.Map.of())).isZero();
            assertThat(console.out()).isEqualTo("SHA-256 " + fingerprint + "\n");
        }
        try (ServerProcess plain = ServerProcess.start(work, List.of("--root", tree().toString(), "--tls-cert", "none"));
             RawFtp ftp = new RawFtp("127.0.0.1", plain.port())) {
            assertThat(ftp.send("AUTH TLS").code()).isEqualTo(502);
        }
    }

    @Test
    void sigtermLetsAnUploadInFlightFinishTellsIdleSessions421AndExitsZero() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(data);
        TestTree stored = backendTree();
        try (ServerProcess server = ServerProcess.start(work, backendFlags("--shutdown-grace", "20"));
             RawFtp idle = new RawFtp("127.0.0.1", server.port()); RawFtp uploader = new RawFtp("127.0.0.1", server.port())) {
            idle.login("alice", "");
            uploader.login("alice", "");
            int port = uploader.send("EPSV").epsvPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                assertThat(uploader.send("STOR whole.bin").code()).isEqualTo(150);
                OutputStream out = socket.getOutputStream();
                out.write(data, 0, data.length / 4);
                out.flush();
                signal(server, "TERM");
                RawFtp.Reply told = idle.read();
                assertThat(told.code()).isEqualTo(421);
                assertThat(told.text()).contains("shutting down");
                // the upload goes on after the signal, and is published whole
                for (int at = data.length / 4; at < data.length; at += 256 * 1024) {
                    out.write(data, at, 256 * 1024);
                    Thread.sleep(5);
                }
                socket.shutdownOutput();
                assertThat(uploader.read().code()).isEqualTo(226);
            }
            assertThat(uploader.read().code()).isEqualTo(421);
            assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
        }
        assertThat(stored.bytes("alice/whole.bin")).isEqualTo(data);
    }

    @Test
    void anUploadStillRunningAfterTheGraceIsCutAndLeavesNothing() throws Exception {
        TestTree stored = backendTree();
        try (ServerProcess server = ServerProcess.start(work, backendFlags("--shutdown-grace", "1"));
             RawFtp uploader = new RawFtp("127.0.0.1", server.port())) {
            uploader.login("alice", "");
            int port = uploader.send("EPSV").epsvPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                assertThat(uploader.send("STOR slow.bin").code()).isEqualTo(150);
                OutputStream out = socket.getOutputStream();
                out.write(new byte[100_000]);
                out.flush();
                signal(server, "TERM");
                assertThat(uploader.read().code()).isEqualTo(426);
            }
            assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
        }
        assertThat(stored.exists("alice/slow.bin")).as("nothing under its final name").isFalse();
    }

    @Test
    void sighupTakesNewLimitsAndANewCertificateAndABadReloadKeepsTheOld() throws Exception {
        localRunOnly();
        Path config = work.resolve("xxftp.yaml");
        Files.writeString(config, "root: " + tree() + "\nmax-connections-per-ip: 0\n");
        try (ServerProcess server = ServerProcess.start(work, List.of("--config", config.toString()))) {
            String before = SelfSignedTls.fingerprint(work.resolve("state/tls-cert.pem"));
            List<RawFtp> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(new RawFtp("127.0.0.1", server.port()));
                }
                assertThat(open).allSatisfy(ftp -> assertThat(ftp.greeting().code()).isEqualTo(220));

                Files.writeString(config, "root: " + tree() + "\nmax-connections-per-ip: 3\n");
                // a renewed certificate, as certbot's renewal hook leaves it
                Files.delete(work.resolve("state/tls-cert.pem"));
                SelfSignedTls.certificateIn(work.resolve("renewed"));
                Files.copy(work.resolve("renewed/tls-cert.pem"), work.resolve("state/tls-cert.pem"));
                Files.copy(work.resolve("renewed/tls-key.pem"), work.resolve("state/tls-key.pem"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                signal(server, "HUP");
                await(() -> logContains(server, "Reloaded the settings"));
                try (RawFtp fourth = new RawFtp("127.0.0.1", server.port())) {
                    assertThat(fourth.greeting().code()).as("3 per address now").isEqualTo(421);
                }
                ExternalClient curl = ExternalClient.require("curl", ExternalClient.isolatedHome(work));
                ExternalClient.Result shown = curl.run(work, List.of("-q", "--silent", "--show-error", "--verbose", "--max-time", "20",
                        "--ssl-reqd", "--insecure", "--user", "alice:", "ftp://127.0.0.1:" + server.port() + "/"));
                assertThat(shown.output()).doesNotContain(before);

                Files.writeString(config, "root: " + tree() + "\nmax-connections-per-ip: lots\n");
                signal(server, "HUP");
                await(() -> logContains(server, "Reload failed"));
                assertThat(server.log()).contains("Reload failed, the settings stay as they were", "max-connections-per-ip");
                try (RawFtp again = new RawFtp("127.0.0.1", server.port())) {
                    assertThat(again.greeting().code()).as("still 3 per address").isEqualTo(421);
                }
                open.getFirst().close();
                open.removeFirst();
                await(() -> {
                    try (RawFtp another = new RawFtp("127.0.0.1", server.port())) {
                        return another.greeting().code() == 220;
                    } catch (IOException e) {
                        return false;
                    }
                });
            } finally {
                for (RawFtp ftp : open) {
                    ftp.close();
                }
            }
        }
    }

    @Test
    void theJsonLogIsOneObjectALineWithTheSessionsFields() throws Exception {
        localRunOnly();
        try (ServerProcess server = ServerProcess.start(work, List.of("--root", tree().toString(), "--log-format", "json"));
             RawFtp ftp = new RawFtp("127.0.0.1", server.port())) {
            assertThat(ftp.login("alice", "").code()).isEqualTo(230);
            assertThat(ftp.send("QUIT").code()).isEqualTo(221);
            await(() -> logContains(server, "Session ended"));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
            for (String line : server.log().lines().filter(line -> line.startsWith("{")).toList()) {
                lines.add(json.readTree(line));
            }
            com.fasterxml.jackson.databind.JsonNode login = lines.stream()
                    .filter(line -> line.path("message").asText().equals("Login as alice")).findFirst().orElseThrow();
            assertThat(login.path("user").asText()).isEqualTo("alice");
            assertThat(login.path("remote").asText()).startsWith("127.0.0.1:");
            assertThat(login.path("session").asText()).isNotBlank();
            assertThat(login.path("level").asText()).isEqualTo("INFO");
        }
    }

    private static boolean logContains(ServerProcess server, String text) {
        try {
            return server.log().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Main's streams captured, for a command run in-process. */
    private static final class ByteArrayOutputStreamConsole {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Main.Console console() {
            return new Main.Console(java.io.InputStream.nullInputStream(), new java.io.PrintStream(out, true),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        }

        String out() {
            return out.toString();
        }
    }
}
