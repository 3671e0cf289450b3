package xxftp.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import xxftp.domain.tree.PasswordHash;

/**
 * bench/run logins: logins per second of one account with a PBKDF2 password (32 workers),
 * beside pyftpdlib in the same run; and a correct user's fetch of a 4 KiB file alone and while
 * 64 connections from 127.0.0.2 and up guess passwords, with how many guessers end up banned.
 * The server runs with its default settings, but for room for the workers from one address.
 * Figures, not assertions.
 */
public final class LoginBenchmark {

    private static final String PASSWORD = "s3cret";
    private static final Pattern EPSV_PORT = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");
    private static final int WORKERS = 32;
    private static final int GUESSERS = 64;

    private final String java;
    private final String jar;
    private final Path work;
    /** Debian's python3-pyftpdlib is installed for the system's python, not a pyenv one first on PATH. */
    private final String python = Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private LoginBenchmark(String java, String jar) throws IOException {
        this.java = java;
        this.jar = jar;
        this.work = Files.createTempDirectory("xxftp-login-bench-");
    }

    public static void main(String[] args) throws Exception {
        LoginBenchmark benchmark = new LoginBenchmark(args[0], args[1]);
        try {
            benchmark.run();
        } finally {
            BenchServer.deleteAll(benchmark.work);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree/alice/.xxftp"));
        Files.writeString(tree.resolve("password"), PasswordHash.create(PASSWORD) + "\n");
        Files.write(work.resolve("tree/alice/small.bin"), new byte[4096]);
        int xxftpPort = BenchServer.freePort();
        Process xxftp = start(List.of(java, "-jar", jar, "serve", "--root", work.resolve("tree").toString(),
                "--listen", "127.0.0.1:" + xxftpPort, "--state-dir", work.resolve("state").toString(),
                // the workers all come from one address: room for them beside the defaults' 32 a client
                "--max-connections-per-ip", "128"), xxftpPort, "xxftp.log");
        int peerPort = BenchServer.freePort();
        Process peer = start(List.of(python, "-c", """
                import logging, sys
                from pyftpdlib.authorizers import DummyAuthorizer
                from pyftpdlib.handlers import FTPHandler
                from pyftpdlib.servers import FTPServer
                logging.basicConfig(level=logging.ERROR)
                authorizer = DummyAuthorizer()
                authorizer.add_user("alice", sys.argv[2], sys.argv[3], perm="elr")
                FTPHandler.authorizer = authorizer
                FTPServer(("127.0.0.1", int(sys.argv[1])), FTPHandler).serve_forever()
                """, Integer.toString(peerPort), PASSWORD, work.resolve("tree/alice").toString()), peerPort, "peer.log");
        try {
            System.out.println("Logins: " + WORKERS + " client threads (Python), a warm-up round, then 5 s measured; fetch: median of 30");
            // a first round for the JIT, then the measured one
            loginsPerSecond(xxftpPort);
            loginsPerSecond(peerPort);
            long cpuBefore = cpuMillis(xxftp);
            double xxftpRate = loginsPerSecond(xxftpPort);
            double xxftpCpu = (cpuMillis(xxftp) - cpuBefore) / (xxftpRate * 6);
            long peerBefore = cpuMillis(peer);
            double peerRate = loginsPerSecond(peerPort);
            double peerCpu = (cpuMillis(peer) - peerBefore) / (peerRate * 6);
            System.out.printf("| logins/s, one account | xxftp %.0f (PBKDF2 password) | pyftpdlib %.0f (plain-text password) | ratio %.2f |%n",
                    xxftpRate, peerRate, xxftpRate / peerRate);
            System.out.printf("| server CPU per login | xxftp %.3f ms | pyftpdlib %.3f ms |%n", xxftpCpu, peerCpu);

            double alone = medianFetchMillis(xxftpPort, 30);
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger guesses = new AtomicInteger();
            AtomicInteger refusedAtConnect = new AtomicInteger();
            List<Thread> guessers = new ArrayList<>();
            for (int i = 0; i < GUESSERS; i++) {
                InetAddress from = InetAddress.getByName("127.0.0." + (2 + i));
                guessers.add(Thread.ofVirtual().start(() -> guess(xxftpPort, from, flooding, guesses, refusedAtConnect)));
            }
            Thread.sleep(1000);
            long floodStarted = System.nanoTime();
            double during = medianFetchMillis(xxftpPort, 30);
            long deadline = floodStarted + TimeUnit.SECONDS.toNanos(90);
            while (banned(xxftpPort) < GUESSERS && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            flooding.set(false);
            for (Thread guesser : guessers) {
                guesser.join(5000);
            }
            System.out.printf("| 4 KiB fetch, correct user | alone %.1f ms | during a %d-connection flood %.1f ms | ratio %.2f |%n",
                    alone, GUESSERS, during, during / alone);
            System.out.printf("| the flood | %d wrong passwords tried | %d of %d guessing addresses banned after %.0f s |%n",
                    guesses.get(), banned(xxftpPort), GUESSERS, (System.nanoTime() - floodStarted) / 1e9);
        } finally {
            xxftp.destroy();
            peer.destroy();
            xxftp.waitFor();
            peer.waitFor();
        }
    }

    private Process start(List<String> command, int port, String log) throws Exception {
        return BenchServer.start(command, Map.of(), port, work.resolve(log));
    }

    /** The process's user plus system CPU time so far (Linux /proc, clock ticks of 10 ms). */
    private static long cpuMillis(Process process) throws IOException {
        String[] fields = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).split("\\) ", 2)[1].split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * Logins per second from a light client (Python threads, the same for every server), so the
     * client takes little of the two cores the servers need: connect, USER, PASS, QUIT, again.
     */
    private double loginsPerSecond(int port) throws IOException, InterruptedException {
        Process client = new ProcessBuilder(python, "-c", """
                import socket, sys, threading, time
                port, workers = int(sys.argv[1]), int(sys.argv[2])
                start = time.time() + 1.0
                stop = start + 5.0
                count = [0]
                lock = threading.Lock()
                def work():
                    while time.time() < stop:
                        try:
                            s = socket.create_connection(("127.0.0.1", port))
                            f = s.makefile("rb")
                            f.readline()
                            s.sendall(b"USER alice\\r\\n"); f.readline()
                            s.sendall(b"PASS s3cret\\r\\n"); reply = f.readline()
                            s.sendall(b"QUIT\\r\\n"); s.close()
                        except OSError:
                            continue
                        if reply.startswith(b"230") and start <= time.time() < stop:
                            with lock:
                                count[0] += 1
                threads = [threading.Thread(target=work) for _ in range(workers)]
                [t.start() for t in threads]; [t.join() for t in threads]
                print(count[0] / 5.0)
                """, Integer.toString(port), Integer.toString(WORKERS)).redirectErrorStream(true).start();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        client.waitFor();
        try {
            return Double.parseDouble(out.lines().reduce((first, last) -> last).orElse(""));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the login client failed: " + out, e);
        }
    }

    private static double medianFetchMillis(int port, int fetches) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < fetches; i++) {
            long started = System.nanoTime();
            try (BenchControl control = new BenchControl(port, null)) {
                if (control.login("alice", PASSWORD) != 230) {
                    throw new IOException("login refused");
                }
                Matcher epsv = EPSV_PORT.matcher(control.reply("EPSV"));
                epsv.find();
                try (Socket data = new Socket("127.0.0.1", Integer.parseInt(epsv.group(1)))) {
                    control.send("RETR small.bin");
                    data.getInputStream().readAllBytes();
                }
                control.read();
                control.send("QUIT");
            }
            millis.add((System.nanoTime() - started) / 1e6);
        }
        millis.sort(null);
        return millis.get(millis.size() / 2);
    }

    private static void guess(int port, InetAddress from, AtomicBoolean flooding, AtomicInteger guesses, AtomicInteger refused) {
        int attempt = 0;
        while (flooding.get()) {
            try (BenchControl control = new BenchControl(port, from)) {
                if (control.greeting.startsWith("421")) {
                    refused.incrementAndGet();
                    Thread.sleep(500);
                    continue;
                }
                while (flooding.get()) {
                    if (control.login("alice", "guess" + attempt++) != 530) {
                        break;
                    }
                    guesses.incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                // reconnect
            }
        }
    }

    private static int banned(int port) throws IOException {
        int banned = 0;
        for (int i = 0; i < GUESSERS; i++) {
            try (BenchControl control = new BenchControl(port, InetAddress.getByName("127.0.0." + (2 + i)))) {
                if (control.greeting.startsWith("421") && control.greeting.contains("failed logins")) {
                    banned++;
                }
            } catch (IOException e) {
                // not counted
            }
        }
        return banned;
    }
}
