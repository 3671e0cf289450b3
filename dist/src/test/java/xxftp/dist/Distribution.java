package xxftp.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tarball that {@code mvn package} built, unpacked into an empty folder as a user would, and
 * its launcher run in a bare environment: PATH holds only {@code readlink}, and both PATH and
 * JAVA_HOME lead to a {@code java} that fails loudly, so a launcher that looked for a system Java
 * could not start anything.
 */
final class Distribution {

    /** What the decoy {@code java} prints before it exits with 97. */
    static final String DECOY = "a java from PATH or JAVA_HOME was run";

    private static final Pattern SERVING = Pattern.compile("xxftp serving .* on .*:(\\d+)");

    private final Path home;
    private final Path link;
    private final Path scratch;

    private Distribution(Path home, Path link, Path scratch) {
        this.home = home;
        this.link = link;
        this.scratch = scratch;
    }

    /**
     * Unpacks the tarball into {@code folder/install}, and links {@code folder/usr-bin/xxftp} to
     * its launcher (as the Debian package links /usr/bin/xxftp). Every folder is open to all, so
     * that a test may run the launcher as another user.
     */
    static Distribution unpack(Path folder) throws IOException {
        Path tarball = Path.of(System.getProperty("xxftp.dist.tarball"));
        assertThat(tarball).as("the tarball of mvn package").isRegularFile();
        Path install = open(Files.createDirectories(folder.resolve("install")));
        open(folder);
        Programs.run(List.of("tar", "-xzf", tarball.toString(), "-C", install.toString()), Map.of("PATH", "/usr/bin:/bin"),
                folder, "").assertExit(0);
        List<Path> top;
        try (var entries = Files.list(install)) {
            top = entries.toList();
        }
        assertThat(top).as("the tarball's one top folder").hasSize(1);
        Path link = open(Files.createDirectories(folder.resolve("usr-bin"))).resolve("xxftp");
        Files.createSymbolicLink(link, top.getFirst().resolve("bin/xxftp"));
        Path scratch = open(Files.createDirectories(folder.resolve("scratch")));
        decoy(scratch.resolve("decoy-path"));
        decoy(scratch.resolve("decoy-home/bin"));
        Files.copy(Path.of("/usr/bin/readlink"), scratch.resolve("decoy-path/readlink"), StandardCopyOption.COPY_ATTRIBUTES);
        return new Distribution(top.getFirst(), link, scratch);
    }

    private static void decoy(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path java = folder.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '" + DECOY + "' >&2\nexit 97\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Path open(Path folder) throws IOException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        return folder;
    }

    /** The unpacked top folder, xxftp-VERSION. */
    Path home() {
        return home;
    }

    /** The launcher through a link from another folder. */
    Path launcher() {
        return link;
    }

    /** No locale, no Java: only PATH (readlink and a decoy java), JAVA_HOME (a decoy) and the extra variables. */
    Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("PATH", scratch.resolve("decoy-path").toString());
        environment.put("JAVA_HOME", scratch.resolve("decoy-home").toString());
        // no S3 test may reach out for an instance's credentials
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        return environment;
    }

    /** {@code xxftp ARGS}, run from a folder that is not the installation's, to its end. */
    Programs.Result run(List<String> args, Map<String, String> extra, String stdin) {
        return Programs.run(command(List.of(), args), environment(extra), scratch, stdin);
    }

    Programs.Result run(String... args) {
        return run(List.of(args), Map.of(), "");
    }

    private List<String> command(List<String> prefix, List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(link.toString());
        command.addAll(args);
        return command;
    }

    /**
     * {@code xxftp serve ARGS} in the background, once it says it serves; {@code prefix} runs it
     * (setpriv ...). Closing it sends SIGTERM, as systemd does, and waits for its end.
     */
    Server serve(List<String> prefix, List<String> args, Map<String, String> extra) throws IOException {
        List<String> serve = new ArrayList<>(List.of("serve"));
        serve.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command(prefix, serve)).directory(scratch.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(extra));
        Process process = builder.start();
        process.getOutputStream().close();
        Programs.Drain out = Programs.Drain.of(process.getInputStream());
        Programs.Drain err = Programs.Drain.of(process.getErrorStream());
        long deadline = System.nanoTime() + Programs.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(out.text());
            if (serving.find()) {
                return new Server(process, Integer.parseInt(serving.group(1)), out, err);
            }
            if (!process.isAlive()) {
                break;
            }
            sleep();
        }
        process.destroyForcibly();
        return fail("xxftp serve did not start; stdout:%n%s%nstderr:%n%s", out.text(), err.text());
    }

    Server serve(List<String> args, Map<String, String> extra) throws IOException {
        return serve(List.of(), args, extra);
    }

    /** A running server: its port, and what it printed. */
    record Server(Process process, int port, Programs.Drain out, Programs.Drain err) implements AutoCloseable {

        /** Stops it with SIGTERM and returns its exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(Programs.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("xxftp serve did not end on SIGTERM; stderr:%n%s", err.text());
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    /** A port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
