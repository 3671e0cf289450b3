package xxftp.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The benchmark behind bench/run: starts S3Proxy here (http, filesystem store), runs the real
 * xxftp jar as a child process, drives it with Commons Net, samples the child's heap with
 * jstat, and prints MB/s (10^6 bytes per second) and the peak heap. Figures, not assertions.
 */
public final class Benchmark {

    private static final long GIB = 1L << 30;
    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret";

    private final String java;
    private final String jar;
    private final Path work;

    private Benchmark(String java, String jar) throws IOException {
        this.java = java;
        this.jar = jar;
        this.work = Files.createTempDirectory("xxftp-bench-");
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(args[0], args[1]);
        int uploads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try {
            benchmark.run(uploads);
        } finally {
            benchmark.clean();
        }
        System.exit(0);
    }

    private void run(int concurrent) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(Files.createDirectories(work.resolve("s3")).toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        s3.createBucket(r -> r.bucket("bench"));
        s3.putObject(r -> r.bucket("bench").key("u/"), RequestBody.fromString(""));
        System.out.printf("S3 server: S3Proxy 4.1.1 in the benchmark JVM, filesystem store, %s, SigV4%n", endpoint);
        System.out.printf("xxftp server: %s -Xmx256m -jar %s%n%n", java, jar);

        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-58s %10s %12s", "measure", "MB/s", "peak heap"));

        // the SDK alone against the same S3 server, for comparison
        long start = System.nanoTime();
        s3.putObject(r -> r.bucket("bench").key("sdk.bin"),
                RequestBody.fromContentProvider(() -> new Pattern(GIB), GIB, "application/octet-stream"));
        rows.add(row("AWS SDK PutObject, 1 GiB, one stream", GIB, start, ""));
        start = System.nanoTime();
        try (InputStream in = s3.getObject(r -> r.bucket("bench").key("sdk.bin"))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        rows.add(row("AWS SDK GetObject, 1 GiB, one stream", GIB, start, ""));

        try (Child server = startServer(List.of("--backend", "s3", "--s3-bucket", "bench", "--s3-endpoint",
                endpoint.toString(), "--s3-path-style"))) {
            start = System.nanoTime();
            upload(server.port, "one.bin", GIB);
            rows.add(row("FTP STOR -> S3, 1 GiB, one stream", GIB, start, server.heap.peakMiB()));
            start = System.nanoTime();
            download(server.port, "one.bin");
            rows.add(row("FTP RETR <- S3, 1 GiB, one stream", GIB, start, server.heap.peakMiB()));
            server.heap.reset();
            start = System.nanoTime();
            try (ExecutorService clients = Executors.newFixedThreadPool(concurrent)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    String name = "big-" + i + ".bin";
                    done.add(clients.submit(() -> {
                        upload(server.port, name, GIB);
                        return null;
                    }));
                }
                for (Future<?> upload : done) {
                    upload.get();
                }
            }
            rows.add(row("FTP STOR -> S3, " + concurrent + " x 1 GiB at once, -Xmx256m (all)", concurrent * GIB, start,
                    server.heap.peakMiB()));
            for (int i = 0; i < concurrent; i++) {
                int index = i;
                long size = s3.headObject(r -> r.bucket("bench").key("u/big-" + index + ".bin")).contentLength();
                if (size != GIB) {
                    throw new IllegalStateException("big-" + i + " has " + size + " bytes");
                }
            }
        }
        for (int i = 0; i < concurrent; i++) {
            int index = i;
            s3.deleteObject(r -> r.bucket("bench").key("u/big-" + index + ".bin"));
        }

        Path root = Files.createDirectories(work.resolve("disk/u"));
        try (Child server = startServer(List.of("--root", root.getParent().toString()))) {
            start = System.nanoTime();
            upload(server.port, "one.bin", GIB);
            rows.add(row("FTP STOR -> local disk, 1 GiB, one stream", GIB, start, server.heap.peakMiB()));
            start = System.nanoTime();
            download(server.port, "one.bin");
            rows.add(row("FTP RETR <- local disk (zero-copy), 1 GiB, one stream", GIB, start, server.heap.peakMiB()));
        }
        proxy.stop();
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static String row(String what, long bytes, long startNanos, String heap) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format("%-58s %10.0f %12s", what, bytes / seconds / 1e6, heap);
    }

    private static FTPClient client(int port) throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.connect("127.0.0.1", port);
        if (!ftp.login("u", "x")) {
            throw new IOException("login failed: " + ftp.getReplyString());
        }
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        ftp.setBufferSize(1 << 16);
        return ftp;
    }

    private static void upload(int port, String name, long size) throws IOException {
        FTPClient ftp = client(port);
        try (InputStream data = new Pattern(size)) {
            if (!ftp.storeFile(name, data)) {
                throw new IOException("STOR " + name + ": " + ftp.getReplyString());
            }
        } finally {
            ftp.disconnect();
        }
    }

    private static void download(int port, String name) throws IOException {
        FTPClient ftp = client(port);
        try {
            if (!ftp.retrieveFile(name, OutputStream.nullOutputStream())) {
                throw new IOException("RETR " + name + ": " + ftp.getReplyString());
            }
        } finally {
            ftp.disconnect();
        }
    }

    private Child startServer(List<String> storageFlags) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar, "serve", "--listen", "127.0.0.1:" + port));
        command.addAll(storageFlags);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server-" + port + ".log").toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        builder.environment().put("AWS_REGION", "us-east-1");
        Process process = builder.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (var socket = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("server did not start: " + Files.readString(work.resolve("server-" + port + ".log")));
                }
                Thread.sleep(100);
            }
        }
        return new Child(process, port, new HeapSampler(java, process.pid()));
    }

    private void clean() throws IOException {
        try (var paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private record Child(Process process, int port, HeapSampler heap) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            heap.stop();
            process.destroy();
            process.waitFor();
        }
    }

    /** The child's used heap (young + old), every 100 ms, from jstat -gc. */
    private static final class HeapSampler {
        private final Process jstat;
        private final AtomicLong peakKib = new AtomicLong();

        HeapSampler(String java, long pid) throws IOException {
            Path jstatBinary = Path.of(java).resolveSibling("jstat");
            jstat = new ProcessBuilder(jstatBinary.toString(), "-gc", Long.toString(pid), "100").start();
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                List<String> header = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                    if (fields.contains("EU")) {
                        header = fields;
                        continue;
                    }
                    if (header == null || fields.size() != header.size()) {
                        continue;
                    }
                    double used = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        used += Double.parseDouble(fields.get(header.indexOf(column)));
                    }
                    long kib = (long) used;
                    peakKib.accumulateAndGet(kib, Math::max);
                }
            } catch (IOException | NumberFormatException e) {
                // the sampler ends with the child
            }
        }

        String peakMiB() {
            return peakKib.get() / 1024 + " MiB";
        }

        void reset() {
            peakKib.set(0);
        }

        void stop() {
            jstat.destroy();
        }
    }

    /** Bytes of a repeating random block: generated as fast as they are read, never stored. */
    private static final class Pattern extends InputStream {
        private static final byte[] BLOCK = new byte[1 << 20];

        static {
            new Random(42).nextBytes(BLOCK);
        }

        private long left;

        Pattern(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return BLOCK[(int) (left % BLOCK.length)] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int position = (int) ((GIB * 64 - left) % BLOCK.length);
            int count = (int) Math.min(Math.min(length, left), BLOCK.length - position);
            System.arraycopy(BLOCK, position, target, offset, count);
            left -= count;
            return count;
        }
    }
}
