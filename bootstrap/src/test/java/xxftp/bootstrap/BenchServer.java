package xxftp.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One FTP server under benchmark, in a process of its own, serving one account {@code alice}
 * whose home is the same folder for every server: xxftp with its default settings (but for room
 * for the benchmark's connections), pyftpdlib, or an unpacked Pure-FTPd. What it costs is read
 * from /proc for the process and the ones it forked (Pure-FTPd forks one per session).
 */
final class BenchServer implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "b3nch-pw";

    final String name;
    private final Process process;
    final int port;
    private final String jcmd;

    private BenchServer(String name, Process process, int port, String jcmd) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.jcmd = jcmd;
    }

    /**
     * Started by {@code launcher}, the README's {@code ./xxftp}, so with the JVM options it gives;
     * {@code tree}: the xxftp tree whose folder {@code alice} is the home; the limits make room for
     * 10,000 sessions. {@code -Dbench.xxftp.jvm} reaches its JVM as JAVA_TOOL_OPTIONS.
     */
    static BenchServer xxftp(String java, Path launcher, Path tree, Path work) throws Exception {
        int port = freePort();
        List<String> command = List.of(launcher.toString(), "serve", "--root", tree.toString(),
                "--listen", "127.0.0.1:" + port, "--state-dir", work.resolve("state").toString(),
                "--max-connections", "20000", "--max-connections-per-ip", "0");
        Map<String, String> environment = new HashMap<>();
        String extra = System.getProperty("bench.xxftp.jvm", "");
        if (!extra.isBlank()) {
            environment.put("JAVA_TOOL_OPTIONS", extra);
        }
        return new BenchServer("xxftp", start(command, environment, port, work.resolve("xxftp.log")), port,
                Path.of(java).resolveSibling("jcmd").toString());
    }

    /** Debian's python3-pyftpdlib, for the system's python (a pyenv one may come first on PATH). */
    static BenchServer pyftpdlib(Path home, Path work) throws Exception {
        String python = Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        int port = freePort();
        List<String> command = List.of(python, "-c", """
                import logging, sys
                from pyftpdlib.authorizers import DummyAuthorizer
                from pyftpdlib.handlers import FTPHandler
                from pyftpdlib.servers import FTPServer
                logging.basicConfig(level=logging.ERROR)
                authorizer = DummyAuthorizer()
                authorizer.add_user(sys.argv[2], sys.argv[3], sys.argv[4], perm="elradfmw")
                FTPHandler.authorizer = authorizer
                server = FTPServer(("127.0.0.1", int(sys.argv[1])), FTPHandler)
                server.max_cons = 0
                server.serve_forever()
                """, Integer.toString(port), USER, PASSWORD, home.toString());
        return new BenchServer("pyftpdlib", start(command, port, work.resolve("pyftpdlib.log")), port, null);
    }

    /**
     * Pure-FTPd unpacked from its Debian package into {@code unpacked} (bench/run does that), with a
     * virtual user in a PureDB file; absent when it isn't there. It runs as root, as it must to
     * fork its sessions, and serves as nobody.
     */
    static Optional<BenchServer> pureFtpd(Path unpacked, Path home, Path work) throws Exception {
        Path daemon = unpacked.resolve("usr/sbin/pure-ftpd");
        Path pw = unpacked.resolve("usr/bin/pure-pw");
        if (!Files.isExecutable(daemon) || !Files.isExecutable(pw)) {
            return Optional.empty();
        }
        // pure-pw's own hash (argon2id, 1023 passes) takes seconds a login; SHA-512 crypt is what a system's users have
        Process crypt = new ProcessBuilder("openssl", "passwd", "-6", PASSWORD).start();
        String hash = new String(crypt.getInputStream().readAllBytes()).trim();
        if (crypt.waitFor() != 0 || !hash.startsWith("$6$")) {
            throw new IllegalStateException("openssl passwd failed");
        }
        Path passwd = Files.writeString(work.resolve("pureftpd.passwd"), USER + ":" + hash + ":65534:65534::" + home + "/./::::::::::::\n");
        Path db = work.resolve("pureftpd.pdb");
        if (new ProcessBuilder(pw.toString(), "mkdb", db.toString(), "-f", passwd.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("pure-pw mkdb failed");
        }
        int port = freePort();
        // no anonymous, no DNS, uid 65534 allowed, room for 20,000 sessions and 20,000-entry listings
        List<String> command = List.of(daemon.toString(), "-l", "puredb:" + db, "-S", "127.0.0.1," + port,
                "-E", "-H", "-u", "1", "-c", "20000", "-C", "20000", "-L", "20000:5", "-I", "600");
        return Optional.of(new BenchServer("Pure-FTPd", start(command, port, work.resolve("pure-ftpd.log")), port, null));
    }

    /** User plus system CPU time so far, of the server and every process it forked that still runs. */
    long cpuMillis() {
        return processes().mapToLong(pid -> {
            String[] fields = stat(pid);
            return fields == null ? 0 : (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        }).sum();
    }

    /**
     * The server's memory in KiB: its resident set, for a JVM after a full GC and after handing
     * what the JVM freed (the JIT's arenas) back from the C library's heap; for a server that
     * forks, the proportional set size of all its processes, so pages they share count once.
     */
    long memoryKiB() throws Exception {
        if (jcmd != null) {
            for (String command : List.of("GC.run", "System.trim_native_heap")) {
                new ProcessBuilder(jcmd, Long.toString(process.pid()), command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            }
        }
        List<Long> pids = processes().toList();
        if (pids.size() == 1) {
            return field(Path.of("/proc/" + pids.getFirst() + "/status"), "VmRSS:");
        }
        long sum = 0;
        for (long pid : pids) {
            sum += field(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:");
        }
        return sum;
    }

    private Stream<Long> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).map(ProcessHandle::pid);
    }

    private static String[] stat(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
        } catch (IOException gone) {
            return null;
        }
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split(" ")[0]);
                }
            }
        } catch (IOException gone) {
            // a process that ended meanwhile holds nothing
        }
        return 0;
    }

    private static Process start(List<String> command, int port, Path log) throws Exception {
        return start(command, Map.of(), port, log);
    }

    /** Starts a server's process, its output into {@code log}, and waits until {@code port} answers (30 s at most). */
    static Process start(List<String> command, Map<String, String> environment, int port, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command.getFirst() + " did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** A benchmark's work folder, gone with everything in it. */
    static void deleteAll(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> forked = new ArrayList<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        forked.forEach(ProcessHandle::destroyForcibly);
    }
}
