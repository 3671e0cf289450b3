package xxftp.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import xxftp.s3.S3TestServer;

/**
 * The benchmark behind bench/run: starts S3Proxy here (https, filesystem store), runs the real
 * xxftp jar as a child process, drives it with Commons Net, samples the child's heap with
 * jstat, and prints MB/s (10^6 bytes per second) and the peak heap. Figures, not assertions.
 * <p>
 * The S3 scenarios run twice: straight to S3Proxy, and through a {@link TcpRelay} long link
 * (10 ms each way, at most 1 MiB in flight per connection: about 50 MB/s per connection, like
 * one connection to a real region), each beside the SDK's own figures on the same path; through
 * the relay also with twice the default parallelism. Each figure is the median of two rounds.
 * With {@code s3} among the arguments only the S3 scenarios run; a number sets how many uploads run
 * at once (default 8).
 */
public final class Benchmark {

    private static final long GIB = 1L << 30;
    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret";
    private static final String BUCKET = "bench";
    private static final InetAddress RELAY = loopback("127.0.0.2");
    private static final Duration LINK_DELAY = Duration.ofMillis(10);
    private static final int LINK_WINDOW = 1 << 20;
    /**
     * Each S3 figure is the median of this many rounds, the SDK's and xxftp's interleaved, so a
     * change in the machine's load between them weighs on both; the ratios are of the medians.
     */
    private static final int ROUNDS = 2;
    /**
     * What a server moves before it is measured: a fresh JVM interprets the SDK's per-request
     * code and compiles it meanwhile, which in a GiB's upload took 40 % of the server's CPU (C1
     * and C2 threads 28 %, the interpreter 13 %; perf); the benchmark's JVM, where the SDK's
     * figures come from, is warm from the runs before. 256 MiB: 32 requests each way.
     */
    private static final long WARM_UP = 256L << 20;
    /** However the run goes, it ends by then, children and temporary files gone. */
    private static final Duration LIMIT = Duration.ofMinutes(40);

    private final String java;
    private final String jar;
    private final Path work;
    /** S3Proxy's certificate, which the server and the SDK clients trust. */
    private final Path keystore;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final List<Row> rows = new ArrayList<>();

    private Benchmark(String java, String jar) throws IOException {
        this.java = java;
        this.jar = jar;
        this.work = Files.createTempDirectory("xxftp-bench-");
        this.keystore = S3TestServer.keystoreIn(work);
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(args[0], args[1]);
        List<String> options = List.of(args).subList(2, args.length);
        boolean onlyS3 = options.contains("s3");
        int uploads = options.stream().filter(option -> option.matches("\\d+")).map(Integer::parseInt).findFirst().orElse(8);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::clean));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(LIMIT);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("benchmark: still running after " + LIMIT.toMinutes() + " minutes; stopping");
            System.exit(1);
        });
        benchmark.run(uploads, onlyS3);
        System.exit(0);
    }

    private void run(int concurrent, boolean onlyS3) throws Exception {
        // https as against a real region, where the SDK sends parts unsigned (over http it hashes each one to sign it)
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(Files.createDirectories(work.resolve("s3")).toString()))
                .secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keystore.toString(), "changeit")
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        try (TcpRelay relay = TcpRelay.longLink(RELAY, InetAddress.getLoopbackAddress(), LINK_DELAY, LINK_WINDOW)
                .relay(proxy.getSecurePort())) {
            URI direct = URI.create("https://127.0.0.1:" + proxy.getSecurePort());
            URI far = URI.create("https://" + RELAY.getHostAddress() + ":" + proxy.getSecurePort());
            try (SdkBaseline sdk = new SdkBaseline(direct, ACCESS, SECRET, BUCKET, work)) {
                sdk.client().createBucket(r -> r.bucket(BUCKET));
                sdk.client().putObject(r -> r.bucket(BUCKET).key("u/"), RequestBody.fromString(""));
            }
            System.out.printf("S3 server: S3Proxy 4.1.1 in the benchmark JVM, filesystem store, %s (TLS), SigV4%n", direct);
            System.out.printf("relay: %s, %d ms each way, %d KiB in flight per connection and direction%n", far,
                    LINK_DELAY.toMillis(), LINK_WINDOW >> 10);
            System.out.printf("xxftp server: %s -Xmx256m -jar %s%n%n", java, jar);

            s3Scenarios(direct, Route.DIRECT, concurrent);
            s3Scenarios(far, Route.RELAY, concurrent);
        } finally {
            proxy.stop();
        }
        if (!onlyS3) {
            diskScenarios();
        }
        System.out.println();
        System.out.printf("%-62s %10s %12s %12s%n", "measure", "MB/s", "rounds", "peak heap");
        rows.stream().map(row -> rounds(row.measure(), row.route())).distinct().forEach(rounds -> System.out.printf(
                "%-62s %10.0f %12s %12s%n", rounds.getFirst().label(), rate(rounds.getFirst().measure(), rounds.getFirst().route()),
                rounds.stream().map(row -> String.format("%.0f", row.megabytesPerSecond())).collect(Collectors.joining(", ")),
                rounds.getLast().heap()));
        System.out.println();
        System.out.printf("%-50s %10s %10s %16s%n", "ratio", "direct", "via relay", "goal via relay");
        ratio("FTP STOR / SDK transfer manager upload", Measure.FTP_UP, Measure.SDK_PARALLEL_UP, "at least 0.8");
        ratio("FTP STOR / SDK PutObject on one connection", Measure.FTP_UP, Measure.SDK_ONE_UP, "at least 3");
        ratio("FTP RETR / SDK transfer manager download", Measure.FTP_DOWN, Measure.SDK_PARALLEL_DOWN, "at least 0.8");
        ratio("FTP RETR / SDK GetObject on one connection", Measure.FTP_DOWN, Measure.SDK_ONE_DOWN, "at least 3");
        ratio("FTP STOR, 8 parts at once / SDK transfer manager", Measure.FTP_UP_WIDE, Measure.SDK_PARALLEL_UP, "at least 0.8");
        ratio("FTP RETR, 8 GETs at once / SDK transfer manager", Measure.FTP_DOWN_WIDE, Measure.SDK_PARALLEL_DOWN, "at least 0.8");
    }

    /**
     * The SDK alone, then the same through xxftp, on one path to the S3 server, in {@link #ROUNDS}
     * interleaved rounds; each server is warmed up first, as a long-running one is (see ROUNDS).
     */
    private void s3Scenarios(URI endpoint, Route route, int concurrent) throws Exception {
        try (SdkBaseline sdk = new SdkBaseline(endpoint, ACCESS, SECRET, BUCKET, work);
                Child server = startWarmServer(List.of("--backend", "s3", "--s3-bucket", BUCKET, "--s3-endpoint",
                        endpoint.toString(), "--s3-path-style"))) {
            for (int round = 0; round < ROUNDS; round++) {
                measure(Measure.SDK_ONE_UP, route, () -> sdk.putObject("sdk.bin", GIB, () -> new Pattern(GIB)));
                measure(Measure.SDK_ONE_DOWN, route, () -> sdk.getObject("sdk.bin"));
                sdk.delete("sdk.bin");
                measure(Measure.SDK_PARALLEL_UP, route, () -> sdk.upload("tm.bin", GIB, new Pattern(GIB)));
                measure(Measure.SDK_PARALLEL_DOWN, route, () -> sdk.download("tm.bin", GIB));
                sdk.delete("tm.bin");
                measure(Measure.FTP_UP, route, GIB, server, () -> upload(server.port, "one.bin", GIB));
                measure(Measure.FTP_DOWN, route, GIB, server, () -> download(server.port, "one.bin"));
                sdk.delete("u/one.bin");
            }
            FTPClient session = client(server.port);
            try {
                CommandLatencies.print(session, "FTP commands on S3" + route.suffix);
            } finally {
                session.disconnect();
            }
            server.heap.reset();
            measure(Measure.FTP_MANY_UP, route, concurrent * GIB, server, () -> uploadAtOnce(server.port, concurrent));
            if (route == Route.RELAY) {
                wideScenarios(endpoint, route);
                sdk.delete("u/one.bin");
            }
            for (int i = 0; i < concurrent; i++) {
                String key = "u/big-" + i + ".bin";
                if (sdk.size(key) != GIB) {
                    throw new IllegalStateException(key + " has " + sdk.size(key) + " bytes");
                }
                sdk.delete(key);
            }
        }
    }

    /** One transfer with twice the default parallelism, and budgets that let it use it. */
    private void wideScenarios(URI endpoint, Route route) throws Exception {
        try (Child server = startWarmServer(List.of("--backend", "s3", "--s3-bucket", BUCKET, "--s3-endpoint", endpoint.toString(),
                "--s3-path-style", "--s3-upload-parallelism", "8", "--s3-upload-memory", Long.toString(96L << 20),
                "--s3-download-parallelism", "8", "--s3-download-memory", Long.toString(64L << 20)))) {
            for (int round = 0; round < ROUNDS; round++) {
                measure(Measure.FTP_UP_WIDE, route, GIB, server, () -> upload(server.port, "one.bin", GIB));
                measure(Measure.FTP_DOWN_WIDE, route, GIB, server, () -> download(server.port, "one.bin"));
            }
        }
    }

    /** A server that has run a {@link #WARM_UP} upload and download through the path it is measured on. */
    private Child startWarmServer(List<String> storageFlags) throws Exception {
        Child server = startServer(storageFlags);
        upload(server.port, "warm-up.bin", WARM_UP);
        download(server.port, "warm-up.bin");
        return server;
    }

    private void diskScenarios() throws Exception {
        Path root = Files.createDirectories(work.resolve("disk/u"));
        try (Child server = startServer(List.of("--root", root.getParent().toString()))) {
            measure(Measure.DISK_UP, Route.DIRECT, GIB, server, () -> upload(server.port, "one.bin", GIB));
            measure(Measure.DISK_DOWN, Route.DIRECT, GIB, server, () -> download(server.port, "one.bin"));
        }
    }

    private void uploadAtOnce(int port, int concurrent) throws Exception {
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrent)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                String name = "big-" + i + ".bin";
                done.add(clients.submit(() -> {
                    upload(port, name, GIB);
                    return null;
                }));
            }
            for (Future<?> upload : done) {
                upload.get();
            }
        }
    }

    /** What is measured, on each path; the label says how many bytes and connections. */
    private enum Measure {
        SDK_ONE_UP("AWS SDK PutObject, 1 GiB, one connection"),
        SDK_ONE_DOWN("AWS SDK GetObject, 1 GiB, one connection"),
        SDK_PARALLEL_UP("AWS SDK transfer manager upload, 1 GiB"),
        SDK_PARALLEL_DOWN("AWS SDK transfer manager download to a file, 1 GiB"),
        FTP_UP("FTP STOR -> S3, 1 GiB, one client"),
        FTP_DOWN("FTP RETR <- S3, 1 GiB, one client"),
        FTP_MANY_UP("FTP STOR -> S3, %d x 1 GiB at once, -Xmx256m (all)"),
        FTP_UP_WIDE("FTP STOR -> S3, 1 GiB, one client, 8 parts at once"),
        FTP_DOWN_WIDE("FTP RETR <- S3, 1 GiB, one client, 8 GETs at once"),
        DISK_UP("FTP STOR -> local disk, 1 GiB, one client"),
        DISK_DOWN("FTP RETR <- local disk (zero-copy), 1 GiB, one client");

        private final String label;

        Measure(String label) {
            this.label = label;
        }
    }

    /** The way to the S3 server: straight, or through the relay's long link. */
    private enum Route {
        DIRECT(""), RELAY(", via relay");

        private final String suffix;

        Route(String suffix) {
            this.suffix = suffix;
        }
    }

    private record Row(Measure measure, Route route, String label, double megabytesPerSecond, String heap) {}

    private interface Work {
        void run() throws Exception;
    }

    /** The SDK alone: 1 GiB. */
    private void measure(Measure measure, Route route, Work work) throws Exception {
        record(measure, route, GIB, seconds(work), "");
    }

    /** Through the xxftp child, with its peak heap. */
    private void measure(Measure measure, Route route, long bytes, Child server, Work work) throws Exception {
        record(measure, route, bytes, seconds(work), server.heap.peakMiB());
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private void record(Measure measure, Route route, long bytes, double seconds, String heap) {
        String label = String.format(measure.label, bytes / GIB) + route.suffix;
        rows.add(new Row(measure, route, label, bytes / seconds / 1e6, heap));
        System.out.printf("%-62s %10.0f %12s%n", label, bytes / seconds / 1e6, heap);
    }

    private void ratio(String what, Measure ours, Measure theirs, String goal) {
        System.out.printf("%-50s %10s %10s %16s%n", what, ratio(ours, theirs, Route.DIRECT), ratio(ours, theirs, Route.RELAY), goal);
    }

    private String ratio(Measure ours, Measure theirs, Route route) {
        double a = rate(ours, route);
        double b = rate(theirs, route);
        return Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format("%.2f", a / b);
    }

    /** The median over the rounds. */
    private double rate(Measure measure, Route route) {
        double[] rates = rounds(measure, route).stream().mapToDouble(Row::megabytesPerSecond).sorted().toArray();
        if (rates.length == 0) {
            return Double.NaN;
        }
        int middle = rates.length / 2;
        return rates.length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
    }

    private List<Row> rounds(Measure measure, Route route) {
        return rows.stream().filter(row -> row.measure() == measure && row.route() == route).toList();
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
        ftp.setDataTimeout(Duration.ofMinutes(5));
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
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(S3TestServer.trustOptions(keystore));
        command.addAll(List.of("-jar", jar, "serve", "--listen", "127.0.0.1:" + port));
        command.addAll(storageFlags);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server-" + port + ".log").toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        builder.environment().put("AWS_REGION", "us-east-1");
        Process process = builder.start();
        children.add(process);
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
        JstatHeap heap = new JstatHeap(java, process.pid());
        children.add(heap.jstat);
        return new Child(process, port, heap);
    }

    /** Ends the children still running and removes the temporary files; on every exit (a shutdown hook). */
    private void clean() {
        children.forEach(Process::destroyForcibly);
        try (var paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("benchmark: could not remove all of " + work + ": " + e);
        }
    }

    private record Child(Process process, int port, JstatHeap heap) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            heap.stop();
            process.destroy();
            process.waitFor();
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
