package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import xxftp.s3.S3Settings;
import xxftp.s3.S3TestServer;

/**
 * The server killed with SIGKILL while eight uploads run (three new files, three overwrites,
 * two appends), on this run's backend: what existed before is intact byte for byte, nothing
 * partial shows under a final name, an append kept every old byte and added only bytes that
 * arrived, and after a restart the temporaries (on S3 the server's marked incomplete multipart
 * uploads) are gone and the quota counts what is really stored.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashIT {

    private static final int OLD = 6 * 1024 * 1024;
    private static final int SENT_BEFORE_KILL = 12 * 1024 * 1024;
    private static final long LIMIT = 400L * 1024 * 1024;
    private static final int LEASE_SECONDS = 3;

    @TempDir
    Path work;

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** One client's upload: sends until told to stop, counting what it wrote. */
    private static final class Uploader implements Runnable {
        final String command;
        final byte[] data;
        final AtomicLong sent = new AtomicLong();
        final CountDownLatch halfway;
        final int port;

        Uploader(String command, byte[] data, CountDownLatch halfway, int port) {
            this.command = command;
            this.data = data;
            this.halfway = halfway;
            this.port = port;
        }

        @Override
        public void run() {
            try (RawFtp ftp = new RawFtp("127.0.0.1", port)) {
                ftp.login("alice", "");
                int port = ftp.send("EPSV").epsvPort();
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    ftp.send(command);
                    OutputStream out = socket.getOutputStream();
                    int chunk = 256 * 1024;
                    for (int at = 0; at < data.length; at += chunk) {
                        out.write(data, at, Math.min(chunk, data.length - at));
                        out.flush();
                        if (sent.addAndGet(Math.min(chunk, data.length - at)) >= SENT_BEFORE_KILL) {
                            halfway.countDown();
                            // then slowly, so the kill finds every upload running
                            Thread.sleep(20);
                        }
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException killed) {
                // the server is gone: what counts is what it left
            }
        }
    }

    @Test
    void aKilledServerLeavesEveryOldFileWholeAndNoPartialNewOne() throws Exception {
        boolean onS3 = XxftpServerExtension.onS3();
        Path root = Files.createDirectories(work.resolve("tree"));
        S3Settings bucket = onS3 ? S3TestServer.get().freshPrefix() : null;
        TestTree tree = TestTree.of(root, bucket);
        tree.user("alice").size("alice", LIMIT);
        Map<String, byte[]> old = Map.of("over1.bin", bytes(OLD, 1), "over2.bin", bytes(OLD, 2), "over3.bin", bytes(OLD, 3),
                "app1.bin", bytes(OLD, 4), "app2.bin", bytes(OLD, 5), "keep.bin", bytes(OLD, 6));
        old.forEach((name, content) -> tree.file("alice/" + name, content));

        List<String> flags = new ArrayList<>(ServerProcess.storageFlags(root, bucket));
        // on a bucket the killed server's quota holds lapse after the lease (README "Several nodes: quotas"): a short one
        flags.addAll(List.of("--quota-lease", String.valueOf(LEASE_SECONDS)));
        List<Uploader> uploads = new ArrayList<>();
        long killedAt;
        String killedLog;
        try (ServerProcess server = ServerProcess.start(work, flags)) {
            CountDownLatch halfway = new CountDownLatch(8);
            int size = 40 * 1024 * 1024;
            for (String name : List.of("new1.bin", "new2.bin", "new3.bin")) {
                uploads.add(new Uploader("STOR " + name, bytes(size, name.hashCode()), halfway, server.port()));
            }
            for (String name : List.of("over1.bin", "over2.bin", "over3.bin")) {
                uploads.add(new Uploader("STOR " + name, bytes(size, name.hashCode()), halfway, server.port()));
            }
            for (String name : List.of("app1.bin", "app2.bin")) {
                uploads.add(new Uploader("APPE " + name, bytes(size, name.hashCode()), halfway, server.port()));
            }
            List<Thread> threads = uploads.stream().map(upload -> Thread.ofVirtual().start(upload)).toList();
            assertThat(halfway.await(60, TimeUnit.SECONDS)).as("every upload under way").isTrue();
            server.kill();
            killedAt = System.nanoTime();
            killedLog = server.log();
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }

        for (String name : List.of("new1.bin", "new2.bin", "new3.bin")) {
            assertThat(tree.exists("alice/" + name)).as(name + " is not published half").isFalse();
        }
        for (String name : List.of("over1.bin", "over2.bin", "over3.bin", "keep.bin")) {
            assertThat(tree.bytes("alice/" + name)).as(name + " is the old file").isEqualTo(old.get(name));
        }
        for (Uploader upload : uploads.subList(6, 8)) {
            String name = upload.command.substring(5);
            byte[] now = tree.bytes("alice/" + name);
            assertThat(Arrays.copyOf(now, OLD)).as(name + " keeps every old byte").isEqualTo(old.get(name));
            byte[] added = Arrays.copyOfRange(now, OLD, now.length);
            assertThat(added.length).isLessThanOrEqualTo((int) upload.sent.get());
            assertThat(added).as(name + " added only bytes that arrived").isEqualTo(Arrays.copyOf(upload.data, added.length));
        }

        try (ServerProcess restarted = ServerProcess.start(work, flags)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (leftovers(onS3, root, bucket) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long left = leftovers(onS3, root, bucket);
            assertThat(left).as("temporaries swept after the restart; the killed server's log:%n%s%nthe restarted one's:%n%s",
                    left == 0 ? "" : killedLog, left == 0 ? "" : restarted.log())
                    .isZero();
            long lapsed = killedAt + TimeUnit.SECONDS.toNanos(LEASE_SECONDS) - System.nanoTime();
            if (lapsed > 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(lapsed) + 1);
            }
            // the quota counts what is stored: exactly the rest fits, one byte more does not
            long stored = tree.storage().usage(xxftp.domain.model.StorageKey.parse("alice"));
            try (RawFtp ftp = new RawFtp("127.0.0.1", restarted.port())) {
                ftp.login("alice", "");
                assertThat(ftp.upload("127.0.0.1", "fill.bin", new byte[(int) (LIMIT - stored) + 1])).isEqualTo(552);
                assertThat(ftp.upload("127.0.0.1", "fill.bin", new byte[(int) (LIMIT - stored)])).isEqualTo(226);
            }
        }
    }

    /**
     * Upload temporaries on disk; on S3 the markers of incomplete multipart uploads, since the
     * sweep drops a marker only with its upload. A kill between CreateMultipartUpload and the
     * marker's PUT leaves an upload nobody can tell from another tool's: README, lifecycle rule.
     */
    private static long leftovers(boolean onS3, Path root, S3Settings bucket) throws IOException {
        if (onS3) {
            return S3TestServer.get().client().listObjectsV2Paginator(request -> request.bucket(bucket.bucket())
                    .prefix(bucket.prefix() + ".xxftp-part-")).contents().stream().count();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.getFileName().toString().startsWith(".xxftp-part-")).count();
        }
    }
}
