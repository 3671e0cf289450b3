package xxftp.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import xxftp.domain.tree.PasswordHash;

/**
 * bench/run sessions: xxftp beside pyftpdlib and Pure-FTPd (where unpacked) on the same files and
 * the same client (this JVM), in two interleaved rounds, the better round of each kept:
 * 10,000 idle logged-in sessions (memory each), LIST and MLSD of 10,000 files, 64 sessions looping
 * PASV+RETR of 4 KiB for 10 s after 1 s of warm-up (twice), RETR and STOR of 1 GiB from the page cache to
 * the page cache; with the server's CPU time per operation. Figures, not assertions. Arguments
 * (the JDK's java, the ./xxftp launcher, where Pure-FTPd is unpacked)
 * after the first three pick servers (xxftp, pyftpdlib, pure-ftpd) and scenarios (idle, list,
 * small, big); {@code -Dbench.xxftp.jvm="..."} adds JVM options to xxftp's (a profiler, say).
 */
public final class SessionBenchmark {

    private static final int IDLE = 10_000;
    /** Pure-FTPd forks a process (two, with privilege separation) a session: fewer keep the machine's pid space. */
    private static final int IDLE_FORKING = 2_000;
    private static final int FILES = 10_000;
    private static final int WARM_UP_LISTINGS = 50;
    private static final int SMALL_SESSIONS = 64;
    private static final long BIG = 1L << 30;
    private static final List<String> SERVERS = List.of("xxftp", "pyftpdlib", "pure-ftpd");
    private static final List<String> SCENARIOS = List.of("idle", "list", "small", "big");

    private final String java;
    private final Path launcher;
    private final Path pureFtpd;
    private final Path work;
    private final Path tree;
    private final Path home;
    /** scenario -> server -> the figure of each round */
    private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();

    /** What to run: server names and scenarios (idle, list, small, big); none of a kind is all of it. */
    private final List<String> only;

    private SessionBenchmark(String java, Path launcher, Path pureFtpd, List<String> only) throws IOException {
        this.java = java;
        this.launcher = launcher;
        this.pureFtpd = pureFtpd;
        this.only = only;
        this.work = Files.createTempDirectory("xxftp-session-bench-");
        this.tree = work.resolve("tree");
        this.home = tree.resolve(BenchServer.USER);
    }

    public static void main(String[] args) throws Exception {
        SessionBenchmark benchmark = new SessionBenchmark(args[0], Path.of(args[1]), Path.of(args[2]),
                List.of(args).subList(3, args.length));
        try {
            benchmark.run();
        } finally {
            BenchServer.deleteAll(benchmark.work);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        prepareFiles();
        for (int round = 1; round <= 2; round++) {
            System.out.println("round " + round);
            if (wanted(SERVERS, "xxftp")) {
                measure(BenchServer.xxftp(java, launcher, tree, work));
            }
            if (wanted(SERVERS, "pyftpdlib")) {
                measure(BenchServer.pyftpdlib(home, work));
            }
            if (wanted(SERVERS, "pure-ftpd")) {
                var pure = BenchServer.pureFtpd(pureFtpd, home, work);
                if (pure.isPresent()) {
                    measure(pure.get());
                } else if (round == 1) {
                    System.out.println("(no Pure-FTPd unpacked at " + pureFtpd + ": measured without it)");
                }
            }
        }
        printTable();
        System.out.println("(idle sessions: " + IDLE + " held, " + IDLE_FORKING + " for Pure-FTPd, which forks two processes a session)");
    }

    /** One folder every server serves: the files, a listing folder, and a writable one (Pure-FTPd writes as nobody). */
    private void prepareFiles() throws IOException {
        Files.createDirectories(home.resolve(".xxftp"));
        Files.writeString(home.resolve(".xxftp/password"), PasswordHash.create(BenchServer.PASSWORD) + "\n");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(home.resolve("big.bin"))) {
            for (long written = 0; written < BIG; written += chunk.length) {
                out.write(chunk);
            }
        }
        Files.write(home.resolve("small.bin"), Arrays.copyOf(chunk, 4096));
        Path many = Files.createDirectories(home.resolve("many"));
        for (int i = 0; i < FILES; i++) {
            Files.write(many.resolve(String.format("file-%05d.dat", i)), Arrays.copyOf(chunk, i % 1000));
        }
        Files.createDirectories(home.resolve("up"));
        for (Path open : List.of(work, tree, home, many, home.resolve("up"))) {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    private void measure(BenchServer server) throws Exception {
        try (server) {
            if (wanted(SCENARIOS, "idle")) {
                idle(server);
            }
            if (wanted(SCENARIOS, "list")) {
                listing(server, "LIST");
                listing(server, "MLSD");
            }
            if (wanted(SCENARIOS, "small")) {
                small(server, "");
                // a JVM's JIT is still at work in the first round; the second shows the steady state
                small(server, ", again");
            }
            if (wanted(SCENARIOS, "big")) {
                bigRetr(server);
                bigStor(server);
            }
        }
    }

    private boolean wanted(List<String> kind, String name) {
        return only.stream().noneMatch(kind::contains) || only.contains(name);
    }

    private void record(String scenario, BenchServer server, double figure) {
        figures.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).computeIfAbsent(server.name, s -> new ArrayList<>()).add(figure);
        System.out.printf("  %-10s %-42s %.3f%n", server.name, scenario, figure);
    }

    /**
     * Memory per idle logged-in session: the server's growth from a warm start (1,000 sessions held
     * and let go, so the login path is compiled and the first heap growth is behind) to holding them all.
     */
    private void idle(BenchServer server) throws Exception {
        int count = server.name.equals("Pure-FTPd") ? IDLE_FORKING : IDLE;
        closeAll(hold(server, 1000));
        Thread.sleep(1000);
        long before = server.memoryKiB();
        Collection<BenchControl> held = hold(server, count);
        Thread.sleep(2000);
        long after = server.memoryKiB();
        record("idle logged-in sessions: KiB each", server, (after - before) / (double) count);
        closeAll(held);
        Thread.sleep(1000);
    }

    /** {@code count} logged-in sessions, 40 an address from 127.0.0.2 up. */
    private static Collection<BenchControl> hold(BenchServer server, int count) throws Exception {
        ConcurrentLinkedQueue<BenchControl> held = new ConcurrentLinkedQueue<>();
        try (var openers = Executors.newFixedThreadPool(32, Thread.ofVirtual().factory())) {
            for (int i = 0; i < count; i++) {
                InetAddress from = InetAddress.getByName("127.0." + (2 + i / 40) / 250 + "." + (2 + (i / 40) % 250));
                openers.submit(() -> {
                    held.add(new BenchControl(server.port, from).loggedIn(BenchServer.USER, BenchServer.PASSWORD));
                    return null;
                });
            }
        }
        if (held.size() != count) {
            closeAll(held);
            throw new IllegalStateException(server.name + " held " + held.size() + " of " + count + " sessions");
        }
        return held;
    }

    private static void closeAll(Collection<BenchControl> sessions) throws IOException {
        for (BenchControl session : sessions) {
            session.close();
        }
    }

    /**
     * Seconds from the listing command to its last byte, median of 10 after 50 to warm up, and CPU
     * ms each: a JVM's steady state, what a server that has run a while gives. After only 10, C2
     * was still compiling the listing's code, and its threads' CPU counted as the server's.
     */
    private void listing(BenchServer server, String verb) throws Exception {
        try (BenchControl control = new BenchControl(server.port, null).loggedIn(BenchServer.USER, BenchServer.PASSWORD)) {
            control.reply("TYPE A");
            List<Double> seconds = new ArrayList<>();
            long cpu = 0;
            for (int i = 0; i < WARM_UP_LISTINGS + 10; i++) {
                long cpuBefore = server.cpuMillis();
                long started = System.nanoTime();
                long bytes;
                try (Socket data = control.passive()) {
                    control.start(verb + " many");
                    bytes = drain(data.getInputStream(), new byte[65536]);
                }
                control.finished(verb);
                if (i >= WARM_UP_LISTINGS) {
                    seconds.add((System.nanoTime() - started) / 1e9);
                    cpu += server.cpuMillis() - cpuBefore;
                }
                if (bytes < FILES * 20L) {
                    throw new IllegalStateException(verb + " from " + server.name + " sent only " + bytes + " bytes");
                }
            }
            Collections.sort(seconds);
            record(verb + " of 10,000 files: s", server, seconds.get(seconds.size() / 2));
            record(verb + " of 10,000 files: server CPU ms", server, cpu / 10.0);
        }
    }

    /** 64 sessions each looping PASV, RETR of 4 KiB; transfers a second and server CPU per transfer over 10 s. */
    private void small(BenchServer server, String round) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicLong transfers = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < SMALL_SESSIONS; i++) {
            loops.add(Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try (BenchControl control = new BenchControl(server.port, null).loggedIn(BenchServer.USER, BenchServer.PASSWORD)) {
                    control.reply("TYPE I");
                    while (running.get()) {
                        long bytes;
                        try (Socket data = control.passive()) {
                            control.start("RETR small.bin");
                            bytes = drain(data.getInputStream(), buffer);
                        }
                        control.finished("RETR");
                        if (bytes == 4096 && counting.get()) {
                            transfers.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                }
            }));
        }
        Thread.sleep(1000);
        long cpuBefore = server.cpuMillis();
        counting.set(true);
        Thread.sleep(10_000);
        counting.set(false);
        long cpu = server.cpuMillis() - cpuBefore;
        long done = transfers.get();
        running.set(false);
        for (Thread loop : loops) {
            loop.join(30_000);
        }
        if (failures.get() > 0) {
            System.out.println("  " + server.name + ": " + failures.get() + " of 64 small-file sessions failed, the first with "
                    + firstFailure.get());
        }
        record("64 sessions x RETR 4 KiB" + round + ": transfers/s", server, done / 10.0);
        record("64 sessions x RETR 4 KiB" + round + ": server CPU ms each", server, cpu / (double) Math.max(1, done));
    }

    private void bigRetr(BenchServer server) throws Exception {
        try (BenchControl control = new BenchControl(server.port, null).loggedIn(BenchServer.USER, BenchServer.PASSWORD)) {
            control.reply("TYPE I");
            long cpuBefore = server.cpuMillis();
            long started = System.nanoTime();
            long bytes;
            try (Socket data = control.passive()) {
                control.start("RETR big.bin");
                bytes = drain(data.getInputStream(), new byte[1 << 20]);
            }
            control.finished("RETR");
            double seconds = (System.nanoTime() - started) / 1e9;
            if (bytes != BIG) {
                throw new IllegalStateException(server.name + " sent " + bytes + " of " + BIG + " bytes");
            }
            record("RETR 1 GiB: MB/s", server, BIG / seconds / 1e6);
            record("RETR 1 GiB: server CPU s", server, (server.cpuMillis() - cpuBefore) / 1000.0);
        }
    }

    private void bigStor(BenchServer server) throws Exception {
        Path stored = home.resolve("up/big.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(2).nextBytes(chunk);
        // the last round's gigabytes written back first: the kernel throttles a writer while others' dirty pages wait
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        try (BenchControl control = new BenchControl(server.port, null).loggedIn(BenchServer.USER, BenchServer.PASSWORD)) {
            control.reply("TYPE I");
            long cpuBefore = server.cpuMillis();
            long started = System.nanoTime();
            try (Socket data = control.passive()) {
                control.start("STOR up/big.bin");
                OutputStream out = data.getOutputStream();
                for (long sent = 0; sent < BIG; sent += chunk.length) {
                    out.write(chunk);
                }
            }
            control.finished("STOR");
            double seconds = (System.nanoTime() - started) / 1e9;
            if (Files.size(stored) != BIG) {
                throw new IllegalStateException(server.name + " stored " + Files.size(stored) + " of " + BIG + " bytes");
            }
            record("STOR 1 GiB: MB/s", server, BIG / seconds / 1e6);
            record("STOR 1 GiB: server CPU s", server, (server.cpuMillis() - cpuBefore) / 1000.0);
        } finally {
            Files.deleteIfExists(stored);
        }
    }

    private static long drain(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /** Per scenario: each server's better round, the best peer, and xxftp against it (above 1: xxftp does better). */
    private void printTable() {
        List<String> servers = figures.values().stream().flatMap(row -> row.keySet().stream()).distinct().toList();
        System.out.println();
        System.out.println("| scenario | " + String.join(" | ", servers) + " | xxftp vs best peer |");
        System.out.println("|---|" + "---|".repeat(servers.size()) + "---|");
        figures.forEach((scenario, row) -> {
            // rates: more is better; seconds, memory and CPU: less is better
            boolean higherBetter = scenario.contains("/s");
            ToDoubleFunction<List<Double>> better = rounds -> higherBetter
                    ? rounds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)
                    : rounds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            StringBuilder line = new StringBuilder("| " + scenario + " |");
            double best = Double.NaN;
            for (String server : servers) {
                double value = row.containsKey(server) ? better.applyAsDouble(row.get(server)) : Double.NaN;
                line.append(String.format(" %s |", Double.isNaN(value) ? "-" : format(value)));
                if (!server.equals("xxftp") && !Double.isNaN(value)) {
                    best = Double.isNaN(best) ? value : higherBetter ? Math.max(best, value) : Math.min(best, value);
                }
            }
            double ours = better.applyAsDouble(row.getOrDefault("xxftp", List.of()));
            double ratio = higherBetter ? ours / best : best / ours;
            line.append(String.format(" %.2f |", ratio));
            System.out.println(line);
        });
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%.0f", value) : value >= 1 ? String.format("%.2f", value) : String.format("%.3f", value);
    }
}
