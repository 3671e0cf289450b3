package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real clients, run as processes, against the in-process server: curl, lftp and Python's ftplib,
 * in passive (EPSV, PASV) and active (EPRT, PORT) mode. Every file that crosses the wire is
 * compared byte for byte. A client that is not installed skips its tests (see {@link ExternalClient}).
 */
@ExtendWith(XxftpServerExtension.class)
class ClientsIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret";
    /** Random bytes (CR, LF, NUL and all) so any text-mode mangling or truncation shows. */
    private static final byte[] BIG = FtpTestSupport.bytes(300 * 1024, 20_261_125);

    @TempDir
    Path work;

    // --- curl

    /** How curl makes its data connections, and the verb that proves it did. */
    enum Mode {
        EPSV("EPSV"),
        PASV("PASV", "--disable-epsv"),
        EPRT("EPRT |1|127.0.0.1|", "--ftp-port", "127.0.0.1"),
        PORT("PORT 127,0,0,1,", "--ftp-port", "127.0.0.1", "--disable-eprt");

        final String verb;
        final List<String> flags;

        Mode(String verb, String... flags) {
            this.verb = verb;
            this.flags = List.of(flags);
        }
    }

    @ParameterizedTest(name = "curl {0}")
    @EnumSource(Mode.class)
    void curlListsUploadsAndDownloads(Mode mode, TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/docs/readme.txt", "hello\n");
        write("big.bin", BIG);
        write("empty.bin", new byte[0]);

        String upload = curl(server, mode, "--upload-file", "big.bin", server.url("/big.bin")).output();
        assertThat(upload).as("curl used %s", mode).contains("> " + mode.verb);
        assertThat(server.tree().bytes(USER + "/big.bin")).isEqualTo(BIG);

        curl(server, mode, "--upload-file", "empty.bin", server.url("/empty.bin"));
        assertThat(server.tree().bytes(USER + "/empty.bin")).isEmpty();

        // a UTF-8 name with a space, URL-encoded as curl wants it, into a subdirectory
        curl(server, mode, "--upload-file", "big.bin", server.url("/docs/gr%C3%BC%C3%9Fe%20x.bin"));
        assertThat(server.tree().bytes(USER + "/docs/grüße x.bin")).isEqualTo(BIG);

        curl(server, mode, "--output", "down.bin", server.url("/big.bin"));
        assertThat(read("down.bin")).isEqualTo(BIG);
        curl(server, mode, "--output", "down-empty.bin", server.url("/empty.bin"));
        assertThat(read("down-empty.bin")).isEmpty();
        curl(server, mode, "--output", "down-utf8.bin", server.url("/docs/gr%C3%BC%C3%9Fe%20x.bin"));
        assertThat(read("down-utf8.bin")).isEqualTo(BIG);

        curl(server, mode, "--output", "list.txt", server.url("/"));
        List<String> listing = lines("list.txt");
        assertThat(listing).hasSize(3);
        assertThat(listing).anySatisfy(line -> assertThat(line).startsWith("d").endsWith(" docs"));
        assertThat(listing).anySatisfy(line -> assertThat(line).startsWith("-").contains(" " + BIG.length + " ").endsWith(" big.bin"));
        assertThat(listing).anySatisfy(line -> assertThat(line).startsWith("-").endsWith(" empty.bin"));

        curl(server, mode, "--list-only", "--output", "names.txt", server.url("/docs/"));
        assertThat(lines("names.txt")).containsExactlyInAnyOrder("readme.txt", "grüße x.bin");
    }

    @Test
    void curlResumesADownload(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/big.bin", BIG);
        write("big.bin", Arrays.copyOf(BIG, 100_000));

        String output = curl(server, Mode.EPSV, "--continue-at", "-", "--output", "big.bin", server.url("/big.bin")).output();

        assertThat(output).contains("> REST 100000");
        assertThat(read("big.bin")).isEqualTo(BIG);
    }

    @Test
    void curlResumesAnUpload(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/big.bin", Arrays.copyOf(BIG, 123_457));
        write("big.bin", BIG);

        String output = curl(server, Mode.EPSV, "--continue-at", "-", "--upload-file", "big.bin", server.url("/big.bin")).output();

        // curl asks SIZE, then appends (APPE) or restarts (REST + STOR) from there
        assertThat(output).contains("> SIZE big.bin", "213 123457");
        assertThat(output.contains("> APPE big.bin") || output.contains("> REST 123457")).as(output).isTrue();
        assertThat(server.tree().bytes(USER + "/big.bin")).isEqualTo(BIG);
    }

    @Test
    void curlResumesInActiveMode(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD)
                .file(USER + "/down.bin", BIG)
                .file(USER + "/up.bin", Arrays.copyOf(BIG, 1));
        write("down.bin", Arrays.copyOf(BIG, BIG.length - 1));
        write("up.bin", BIG);

        curl(server, Mode.PORT, "--continue-at", "-", "--output", "down.bin", server.url("/down.bin"));
        curl(server, Mode.PORT, "--continue-at", "-", "--upload-file", "up.bin", server.url("/up.bin"));

        assertThat(read("down.bin")).isEqualTo(BIG);
        assertThat(server.tree().bytes(USER + "/up.bin")).isEqualTo(BIG);
    }

    /**
     * A range: REST, then curl closes the data connection after the last byte it wants and
     * sends ABOR, which the server knows (no 500 anywhere).
     */
    @Test
    void curlDownloadsARangeAndAborts(TestServer server) throws Exception {
        byte[] large = FtpTestSupport.bytes(4 << 20, 5);
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/large.bin", large);

        String output = curl(server, Mode.EPSV, "--range", "1000-1099", "--output", "range.bin", server.url("/large.bin")).output();

        assertThat(read("range.bin")).isEqualTo(Arrays.copyOfRange(large, 1000, 1100));
        assertThat(output).contains("> REST 1000", "> ABOR");
        assertThat(output).doesNotContain("< 500");
    }

    /**
     * The "Done when": over the tree a first {@code xxftp serve} creates, anonymous curl
     * lists the root and drops a file into /incoming, which then can't be replaced.
     */
    @Test
    void starterTreeListsAndTakesAnonymousUploads(TestServer server) throws Exception {
        starterTree(server);
        write("report.bin", BIG);
        ExternalClient curl = curl();

        curl.run(work, List.of("-q", "--silent", "--show-error", "--verbose", "--max-time", "30",
                "--output", "root.txt", server.url("/"))).assertSucceeded();
        List<String> listing = lines("root.txt");
        assertThat(listing).anySatisfy(line -> assertThat(line).startsWith("d").endsWith(" incoming"));
        assertThat(listing).anySatisfy(line -> assertThat(line).startsWith("-").endsWith(" README.txt"));
        assertThat(String.join("\n", listing)).doesNotContain(".xxftp");

        var upload = curl.run(work, List.of("-q", "--silent", "--show-error", "--verbose", "--max-time", "30",
                "--upload-file", "report.bin", server.url("/incoming/"))).assertSucceeded();
        ExternalClient.assertNoInternals(upload.output());
        assertThat(server.tree().bytes("anonymous-incoming/report.bin")).isEqualTo(BIG);

        // upload-only: nobody fetches it back (anti-warez), and listing shows it
        curl.run(work, List.of("-q", "--silent", "--show-error", "--max-time", "30",
                "--output", "back.bin", server.url("/incoming/report.bin"))).assertFailed();
        assertThat(work.resolve("back.bin")).doesNotExist();

        // write alone: a second upload under the same name would replace it, which needs modify
        write("report.bin", "something else".getBytes(StandardCharsets.UTF_8));
        curl.run(work, List.of("-q", "--silent", "--show-error", "--max-time", "30",
                "--upload-file", "report.bin", server.url("/incoming/"))).assertFailed();
        assertThat(server.tree().bytes("anonymous-incoming/report.bin")).isEqualTo(BIG);

        // the anonymous root itself is read-only
        curl.run(work, List.of("-q", "--silent", "--show-error", "--max-time", "30",
                "--upload-file", "report.bin", server.url("/"))).assertFailed();
        assertThat(server.tree().exists("anonymous/report.bin")).isFalse();

        curl.run(work, List.of("-q", "--silent", "--show-error", "--max-time", "30",
                "--output", "readme.txt", server.url("/README.txt"))).assertSucceeded();
        assertThat(read("readme.txt")).isEqualTo(server.tree().bytes("anonymous/README.txt"));
    }

    @Test
    void starterTreeIncomingQuotaStopsACurlUpload(TestServer server) throws Exception {
        starterTree(server);
        server.tree().size("anonymous-incoming", BIG.length + 1000);
        write("first.bin", BIG);
        write("second.bin", BIG);
        ExternalClient curl = curl();

        curl.run(work, List.of("-q", "--silent", "--show-error", "--max-time", "30",
                "--upload-file", "first.bin", server.url("/incoming/"))).assertSucceeded();
        var refused = curl.run(work, List.of("-q", "--silent", "--show-error", "--verbose", "--max-time", "30",
                "--upload-file", "second.bin", server.url("/incoming/"))).assertFailed();

        assertThat(refused.output()).contains("< 552");
        ExternalClient.assertNoInternals(refused.output());
        assertThat(server.tree().bytes("anonymous-incoming/first.bin")).isEqualTo(BIG);
        assertThat(server.tree().exists("anonymous-incoming/second.bin")).isFalse();
        assertThat(TreeDigests.stored(server, "anonymous-incoming").keySet()).containsExactlyInAnyOrder(".xxftp", ".xxftp/size", "first.bin");
    }

    // --- lftp

    @Test
    void lftpPassiveListsPutsAndGets(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/docs/readme.txt", "hello\n");
        write("big.bin", BIG);
        write("empty.bin", new byte[0]);

        String output = lftp(server, true,
                "ls; put big.bin -o lf.bin; put empty.bin -o lf-empty.bin; "
                        + "get lf.bin -o back.bin; get lf-empty.bin -o back-empty.bin; cls -1").output();

        assertThat(output).contains("---> PASV").doesNotContain("---> PORT").doesNotContain("---> EPRT");
        assertThat(output).containsPattern("(?m)^d.* docs$");
        assertThat(server.tree().bytes(USER + "/lf.bin")).isEqualTo(BIG);
        assertThat(server.tree().bytes(USER + "/lf-empty.bin")).isEmpty();
        assertThat(read("back.bin")).isEqualTo(BIG);
        assertThat(read("back-empty.bin")).isEmpty();
        assertThat(output).containsPattern("(?m)^lf\\.bin$").containsPattern("(?m)^lf-empty\\.bin$");
    }

    @Test
    void lftpActiveListsPutsAndGets(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD).file(USER + "/docs/readme.txt", "hello\n");
        write("big.bin", BIG);

        String output = lftp(server, false, "ls; put big.bin -o lf.bin; get lf.bin -o back.bin").output();

        assertThat(output).containsPattern("---> (PORT 127,0,0,1,|EPRT \\|1\\|127\\.0\\.0\\.1\\|)");
        assertThat(output).doesNotContain("---> PASV").doesNotContain("---> EPSV");
        assertThat(output).containsPattern("(?m)^d.* docs$");
        assertThat(server.tree().bytes(USER + "/lf.bin")).isEqualTo(BIG);
        assertThat(read("back.bin")).isEqualTo(BIG);
    }

    @Test
    void lftpMirrorsANestedTreeBothWays(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD);
        write("src/top.txt", "top\n".getBytes(StandardCharsets.UTF_8));
        write("src/sub dir/empty", new byte[0]);
        write("src/sub dir/ünïcødé ✓/data é.bin", Arrays.copyOf(BIG, 50_000));
        write("src/sub dir/ünïcødé ✓/deeper/last.bin", FtpTestSupport.bytes(1234, 7));
        Files.createDirectories(work.resolve("src/empty dir"));

        lftp(server, true, "mirror -R src up; mirror up down");

        Map<String, String> source = TreeDigests.local(work.resolve("src"));
        assertThat(source).hasSize(8);
        assertThat(TreeDigests.stored(server, USER + "/up")).isEqualTo(source);
        assertThat(TreeDigests.local(work.resolve("down"))).isEqualTo(source);
    }

    @Test
    void lftpResumesGetAndPut(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD)
                .file(USER + "/down.bin", BIG)
                .file(USER + "/up.bin", Arrays.copyOf(BIG, 77_777));
        write("down.bin", Arrays.copyOf(BIG, 123_456));
        write("up.bin", BIG);

        String output = lftp(server, true, "get -c down.bin -o down.bin; put -c up.bin -o up.bin").output();

        assertThat(output).contains("---> REST 123456", "---> REST 77777");
        assertThat(read("down.bin")).isEqualTo(BIG);
        assertThat(server.tree().bytes(USER + "/up.bin")).isEqualTo(BIG);
    }

    // --- Python's ftplib

    /** login, storbinary, retrbinary (also from a REST offset, also active), nlst, size; no mlsd (not implemented). */
    private static final String FTPLIB_SCRIPT = """
            import ftplib, json, sys
            host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            def out(key, value):
                print(key + ": " + value, flush=True)
            ftp = ftplib.FTP(encoding="utf-8")
            out("welcome", ftp.connect(host, port, timeout=20))
            out("login", ftp.login(user, password))
            with open("big.bin", "rb") as f:
                out("stor", ftp.storbinary("STOR py.bin", f))
            with open("empty.bin", "rb") as f:
                out("stor-empty", ftp.storbinary("STOR py empty é.bin", f))
            with open("down.bin", "wb") as f:
                out("retr", ftp.retrbinary("RETR py.bin", f.write))
            with open("tail.bin", "wb") as f:
                out("retr-rest", ftp.retrbinary("RETR py.bin", f.write, rest=100000))
            with open("down-empty.bin", "wb") as f:
                out("retr-empty", ftp.retrbinary("RETR py empty é.bin", f.write))
            out("nlst", json.dumps(sorted(ftp.nlst()), ensure_ascii=False))
            out("size", str(ftp.size("py.bin")))
            ftp.set_pasv(False)
            with open("active.bin", "wb") as f:
                out("retr-active", ftp.retrbinary("RETR py.bin", f.write))
            with open("big.bin", "rb") as f:
                out("stor-active", ftp.storbinary("STOR py-active.bin", f))
            out("quit", ftp.quit())
            """;

    @Test
    void pythonFtplibStoresRetrievesAndLists(TestServer server) throws Exception {
        server.tree().userWithMd5(USER, PASSWORD).dir(USER + "/docs");
        write("big.bin", BIG);
        write("empty.bin", new byte[0]);
        ExternalClient python = ExternalClient.require("python3", Map.of("PYTHONIOENCODING", "utf-8",
                "PYTHONDONTWRITEBYTECODE", "1"));

        var result = python.run(work, List.of("-c", FTPLIB_SCRIPT, server.host(), Integer.toString(server.port()),
                USER, PASSWORD)).assertSucceeded();

        Map<String, String> replies = new TreeMap<>();
        result.output().lines().filter(line -> line.contains(": "))
                .forEach(line -> replies.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2)));
        ExternalClient.assertNoInternals(result.output());
        assertThat(replies).containsEntry("login", "230 Login successful.")
                .containsEntry("size", Integer.toString(BIG.length))
                .containsEntry("nlst", "[\"docs\", \"py empty é.bin\", \"py.bin\"]")
                .containsEntry("quit", "221 Goodbye.");
        for (String transfer : List.of("stor", "stor-empty", "retr", "retr-rest", "retr-empty", "retr-active", "stor-active")) {
            assertThat(replies.get(transfer)).as(transfer + " in:%n%s", result.output()).startsWith("226");
        }
        assertThat(server.tree().bytes(USER + "/py.bin")).isEqualTo(BIG);
        assertThat(server.tree().bytes(USER + "/py-active.bin")).isEqualTo(BIG);
        assertThat(server.tree().bytes(USER + "/py empty é.bin")).isEmpty();
        assertThat(read("down.bin")).isEqualTo(BIG);
        assertThat(read("active.bin")).isEqualTo(BIG);
        assertThat(read("down-empty.bin")).isEmpty();
        assertThat(read("tail.bin")).isEqualTo(Arrays.copyOfRange(BIG, 100_000, BIG.length));
    }

    // --- helpers

    /**
     * The tree a first {@code xxftp serve} writes (the real {@link StarterTree}, made in a
     * folder), copied into this run's backend.
     */
    private void starterTree(TestServer server) throws IOException {
        Path starter = work.resolve("starter");
        StarterTree.create(starter);
        try (Stream<Path> all = Files.walk(starter)) {
            for (Path path : (Iterable<Path>) all.filter(path -> !path.equals(starter))::iterator) {
                String relative = starter.relativize(path).toString();
                if (Files.isDirectory(path)) {
                    server.tree().dir(relative);
                } else {
                    server.tree().file(relative, Files.readAllBytes(path));
                }
            }
        }
    }

    private ExternalClient curl() throws IOException {
        return ExternalClient.require("curl", ExternalClient.isolatedHome(work));
    }

    /** curl as USER, with {@code -q} first so no ~/.curlrc applies; -v shows the protocol for the asserts. */
    private ExternalClient.Result curl(TestServer server, Mode mode, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("-q", "--silent", "--show-error", "--verbose",
                "--connect-timeout", "5", "--max-time", "30", "--user", USER + ":" + PASSWORD));
        command.addAll(mode.flags);
        command.addAll(List.of(arguments));
        ExternalClient.Result result = curl().run(work, command).assertSucceeded();
        ExternalClient.assertNoInternals(result.output());
        return result;
    }

    /** lftp as USER with -d (the protocol goes to the output); any failed command fails the run. */
    private ExternalClient.Result lftp(TestServer server, boolean passive, String commands) throws Exception {
        ExternalClient lftp = ExternalClient.require("lftp", ExternalClient.isolatedHome(work));
        String script = "set ftp:passive-mode " + (passive ? "on" : "off") + "; set cmd:fail-exit yes; "
                + "set net:max-retries 1; set net:timeout 15; set net:reconnect-interval-base 1; "
                + "set ftp:ssl-allow no; set xfer:clobber on; " + commands + "; bye";
        ExternalClient.Result result = lftp.run(work, List.of("-d", "-u", USER + "," + PASSWORD,
                "-p", Integer.toString(server.port()), "-e", script, server.host())).assertSucceeded();
        ExternalClient.assertNoInternals(result.output());
        return result;
    }

    private void write(String relative, byte[] content) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private byte[] read(String relative) throws IOException {
        return Files.readAllBytes(work.resolve(relative));
    }

    private List<String> lines(String relative) throws IOException {
        return Files.readAllLines(work.resolve(relative), StandardCharsets.UTF_8);
    }
}
