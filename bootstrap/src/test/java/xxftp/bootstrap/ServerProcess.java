package xxftp.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import xxftp.s3.S3Settings;
import xxftp.s3.S3TestServer;

/**
 * The real server in a process of its own (the built jar), for what only a process can show:
 * being killed, signals, several nodes. Its log goes to a file beside the test's work.
 */
final class ServerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "xxftp.jar").toAbsolutePath();
    private static final Path CDS_ARCHIVE = Path.of("target", "it-classes.jsa").toAbsolutePath();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The flags that serve the same tree as this run's backend: a local folder, or a prefix of the test bucket. */
    static List<String> storageFlags(Path localRoot, S3Settings bucket) {
        if (bucket == null) {
            return List.of("--root", localRoot.toString());
        }
        return List.of("--backend", "s3", "--s3-bucket", bucket.bucket(), "--s3-prefix", bucket.prefix(),
                "--s3-endpoint", S3TestServer.get().endpoint().toString(), "--s3-region", "us-east-1", "--s3-path-style");
    }

    /** What an admin command printed and its exit code. */
    record Outcome(int exitCode, String output) {}

    /** Runs one {@code xxftp} command (not serve) in a process of its own, as an operator's shell would. */
    static Outcome command(Path work, List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(java(work, true));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, "AWS_REGION", "us-east-1"));
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("xxftp " + args + " did not end");
        }
        return new Outcome(process.exitValue(), output);
    }

    /**
     * The java command up to the jar, trusting the in-process S3 server's certificate. The tests
     * start some forty of these: a class archive made by the first and mapped by the rest speeds
     * every start, and a command that lives a second runs on C1 alone (0.55 -> 0.29 s for an admin
     * command); a server keeps C2, which its uploads need (CrashIT on S3: 23 s with C1 servers, 14-16 s with C2).
     */
    private static List<String> java(Path work, boolean shortLived) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path trust = S3TestServer.keystoreIn(work);
        List<String> command = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + CDS_ARCHIVE, "-Xlog:cds*=off"));
        if (shortLived) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(S3TestServer.trustOptions(trust));
        command.addAll(List.of("-jar", JAR.toString()));
        return command;
    }

    /** Starts {@code xxftp serve} with these flags on a free port of 127.0.0.1 and waits until it answers. */
    static ServerProcess start(Path work, List<String> flags) throws IOException, InterruptedException {
        return start(work, "127.0.0.1", flags);
    }

    /** The same on another loopback address (127.0.0.2 ...), as one of several servers behind a balancer. */
    static ServerProcess start(Path work, String host, List<String> flags) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 50, java.net.InetAddress.getByName(host))) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(java(work, false));
        command.addAll(List.of("serve", "--listen", host + ":" + port, "--ban-exempt", "127.0.0.1",
                "--state-dir", work.resolve("state").toString()));
        command.addAll(flags);
        Path log = work.resolve("server-" + host + "-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, "AWS_REGION", "us-east-1"));
        builder.directory(work.toFile());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket(host, port)) {
                return new ServerProcess(process, port, log);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the server did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no cleanup, as a crash or the OOM killer. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
