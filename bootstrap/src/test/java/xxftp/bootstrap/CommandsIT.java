package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.bootstrap.FtpTestSupport.append;
import static xxftp.bootstrap.FtpTestSupport.bytes;
import static xxftp.bootstrap.FtpTestSupport.isDirectory;
import static xxftp.bootstrap.FtpTestSupport.retrieve;
import static xxftp.bootstrap.FtpTestSupport.send;
import static xxftp.bootstrap.FtpTestSupport.setModified;
import static xxftp.bootstrap.FtpTestSupport.store;
import static xxftp.bootstrap.FtpTestSupport.stored;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every verb of the command table against a full-rights home, with reply codes and bytes on disk. */
@ExtendWith(XxftpServerExtension.class)
class CommandsIT {

    private static final String USER = "alice";

    private static FTPClient alice(TestServer server) throws Exception {
        return server.login(USER, "pw");
    }

    private static RawFtp rawAlice(TestServer server) throws Exception {
        RawFtp raw = server.raw();
        assertThat(raw.login(USER, "pw").code()).isEqualTo(230);
        return raw;
    }

    private static TestTree home(TestServer server) {
        return server.tree().userWithMd5(USER, "pw");
    }

    // --- PWD, CWD, CDUP and their X-aliases

    @Test
    void pwdAndXpwdQuoteThePath(TestServer server) throws Exception {
        home(server).dir("alice/say \"hi\"/inner");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("PWD").text()).isEqualTo("257 \"/\" is the current directory.");
            assertThat(raw.send("CWD say \"hi\"/inner").code()).isEqualTo(250);
            // RFC 959 appendix II: an embedded quote is doubled
            assertThat(raw.send("PWD").text()).isEqualTo("257 \"/say \"\"hi\"\"/inner\" is the current directory.");
            assertThat(raw.send("XPWD").text()).isEqualTo("257 \"/say \"\"hi\"\"/inner\" is the current directory.");
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.changeWorkingDirectory("say \"hi\"")).isTrue();
        // Commons Net undoes the quoting
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/say \"hi\"");
        assertThat(ftp.getReplyCode()).isEqualTo(257);
        ftp.disconnect();
    }

    @Test
    void cwdXcwdCdupXcup(TestServer server) throws Exception {
        home(server).dir("alice/a/b/c").file("alice/a/file.txt", "x");
        FTPClient ftp = alice(server);
        assertThat(send(ftp, "CWD", "a/b")).isEqualTo(250);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/a/b");
        assertThat(send(ftp, "XCWD", "c")).isEqualTo(250);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/a/b/c");
        assertThat(send(ftp, "CDUP", null)).isEqualTo(250);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/a/b");
        assertThat(send(ftp, "XCUP", null)).isEqualTo(250);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/a");
        assertThat(send(ftp, "CWD", "/a/b/c")).isEqualTo(250);
        assertThat(send(ftp, "CWD", "../..")).isEqualTo(250);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/a");
        assertThat(send(ftp, "CWD", "/")).isEqualTo(250);
        // CDUP at the top stays there
        assertThat(send(ftp, "CDUP", null)).isEqualTo(250);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/");
        // a relative path works from the new directory
        assertThat(ftp.changeWorkingDirectory("a")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(250);
        assertThat(new String(retrieve(ftp, "file.txt"), StandardCharsets.UTF_8)).isEqualTo("x");
        ftp.disconnect();
    }

    @Test
    void cwdToMissingOrToAFileIs550AndKeepsTheDirectory(TestServer server) throws Exception {
        home(server).dir("alice/a").file("alice/a/file.txt", "x");
        FTPClient ftp = alice(server);
        assertThat(send(ftp, "CWD", "a")).isEqualTo(250);
        assertThat(send(ftp, "CWD", "missing")).isEqualTo(550);
        assertThat(send(ftp, "XCWD", "missing")).isEqualTo(550);
        assertThat(send(ftp, "CWD", "file.txt")).isEqualTo(550);
        assertThat(send(ftp, "CWD", "file.txt/x")).isEqualTo(550);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/a");
        ftp.disconnect();
    }

    // --- MKD, RMD

    @Test
    void mkdAndXmkdCreate(TestServer server) throws Exception {
        home(server).dir("alice/sub");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("MKD new").text()).isEqualTo("257 \"/new\" created.");
            assertThat(raw.send("CWD sub").code()).isEqualTo(250);
            assertThat(raw.send("XMKD inner").text()).isEqualTo("257 \"/sub/inner\" created.");
            assertThat(raw.send("MKD /abs").text()).isEqualTo("257 \"/abs\" created.");
            // exists already; parent missing
            assertThat(raw.send("MKD /new").code()).isEqualTo(550);
            assertThat(raw.send("MKD /nothere/x").code()).isEqualTo(550);
        }
        assertThat(isDirectory(server.tree(), "alice/new")).isTrue();
        assertThat(isDirectory(server.tree(), "alice/sub/inner")).isTrue();
        assertThat(isDirectory(server.tree(), "alice/abs")).isTrue();
        assertThat(server.tree().exists("alice/nothere")).isFalse();
        FTPClient ftp = alice(server);
        assertThat(ftp.makeDirectory("viaClient")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(257);
        assertThat(isDirectory(server.tree(), "alice/viaClient")).isTrue();
        ftp.disconnect();
    }

    @Test
    void rmdAndXrmdRemoveEmptyDirectoriesOnly(TestServer server) throws Exception {
        home(server).dir("alice/empty1").dir("alice/empty2").file("alice/full/keep.txt", "keep");
        FTPClient ftp = alice(server);
        assertThat(send(ftp, "RMD", "empty1")).isEqualTo(250);
        assertThat(send(ftp, "XRMD", "/empty2")).isEqualTo(250);
        assertThat(send(ftp, "RMD", "full")).isEqualTo(550);
        assertThat(send(ftp, "RMD", "full/keep.txt")).isEqualTo(550);
        assertThat(send(ftp, "RMD", "missing")).isEqualTo(550);
        // the home itself can't go
        assertThat(send(ftp, "RMD", "/")).isEqualTo(550);
        ftp.disconnect();
        assertThat(server.tree().exists("alice/empty1")).isFalse();
        assertThat(server.tree().exists("alice/empty2")).isFalse();
        assertThat(server.tree().read("alice/full/keep.txt")).isEqualTo("keep");
        assertThat(isDirectory(server.tree(), "alice")).isTrue();
    }

    // --- DELE, RNFR/RNTO

    @Test
    void deleRemovesAFileOnly(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "a").dir("alice/dir");
        FTPClient ftp = alice(server);
        assertThat(ftp.deleteFile("a.txt")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(250);
        assertThat(send(ftp, "DELE", "a.txt")).isEqualTo(550);
        assertThat(send(ftp, "DELE", "dir")).isEqualTo(550);
        assertThat(send(ftp, "DELE", "/")).isEqualTo(550);
        ftp.disconnect();
        assertThat(server.tree().exists("alice/a.txt")).isFalse();
        assertThat(isDirectory(server.tree(), "alice/dir")).isTrue();
    }

    @Test
    void rnfrRntoRenamesAFile(TestServer server) throws Exception {
        home(server).file("alice/old.txt", "content").dir("alice/dir");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("RNFR old.txt").code()).isEqualTo(350);
            assertThat(raw.send("RNTO dir/new.txt").code()).isEqualTo(250);
        }
        assertThat(server.tree().exists("alice/old.txt")).isFalse();
        assertThat(server.tree().read("alice/dir/new.txt")).isEqualTo("content");
        FTPClient ftp = alice(server);
        assertThat(ftp.rename("dir/new.txt", "/back.txt")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(250);
        ftp.disconnect();
        assertThat(server.tree().read("alice/back.txt")).isEqualTo("content");
    }

    @Test
    void rnfrRntoRenamesAFolderWithItsContent(TestServer server) throws Exception {
        home(server).file("alice/src/a.txt", "a").file("alice/src/deep/b.txt", "b");
        FTPClient ftp = alice(server);
        assertThat(send(ftp, "RNFR", "src")).isEqualTo(350);
        assertThat(send(ftp, "RNTO", "dst")).isEqualTo(250);
        ftp.disconnect();
        assertThat(server.tree().exists("alice/src")).isFalse();
        assertThat(server.tree().read("alice/dst/a.txt")).isEqualTo("a");
        assertThat(server.tree().read("alice/dst/deep/b.txt")).isEqualTo("b");
    }

    @Test
    void rntoWithoutRnfrIs503AndRnfrOfMissingIs550(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "a").dir("alice/src").file("alice/other.txt", "other")
                .file("alice/other2.txt", "other2").dir("alice/src2");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("RNTO b.txt").code()).isEqualTo(503);
            assertThat(raw.send("RNFR missing.txt").code()).isEqualTo(550);
            assertThat(raw.send("RNTO b.txt").code()).isEqualTo(503);
            // RNTO must come right after RNFR
            assertThat(raw.send("RNFR a.txt").code()).isEqualTo(350);
            assertThat(raw.send("NOOP").code()).isEqualTo(200);
            assertThat(raw.send("RNTO b.txt").code()).isEqualTo(503);
            // RNTO consumes the RNFR
            assertThat(raw.send("RNFR a.txt").code()).isEqualTo(350);
            assertThat(raw.send("RNTO b.txt").code()).isEqualTo(250);
            assertThat(raw.send("RNTO c.txt").code()).isEqualTo(503);
            // a file replaces a file; nothing replaces a folder
            assertThat(raw.send("RNFR other.txt").code()).isEqualTo(350);
            assertThat(raw.send("RNTO b.txt").code()).isEqualTo(250);
            assertThat(raw.send("RNFR other2.txt").code()).isEqualTo(350);
            assertThat(raw.send("RNTO src").code()).isEqualTo(550);
            assertThat(raw.send("RNFR src2").code()).isEqualTo(350);
            assertThat(raw.send("RNTO src").code()).isEqualTo(550);
            // a folder can't move into itself; the target's parent must exist
            assertThat(raw.send("RNFR src").code()).isEqualTo(350);
            assertThat(raw.send("RNTO src/inner").code()).isIn(550, 553);
            assertThat(raw.send("RNFR b.txt").code()).isEqualTo(350);
            assertThat(raw.send("RNTO nothere/b.txt").code()).isEqualTo(550);
        }
        assertThat(server.tree().read("alice/b.txt")).isEqualTo("other");
        assertThat(server.tree().read("alice/other2.txt")).isEqualTo("other2");
        assertThat(isDirectory(server.tree(), "alice/src2")).isTrue();
        assertThat(server.tree().exists("alice/a.txt")).isFalse();
        assertThat(server.tree().exists("alice/c.txt")).isFalse();
        assertThat(isDirectory(server.tree(), "alice/src")).isTrue();
    }

    // --- SIZE, MDTM

    @Test
    void sizeOfAFileAnd550ForADirectoryOrMissing(TestServer server) throws Exception {
        home(server).file("alice/five.bin", new byte[] {1, 2, 3, 4, 5}).file("alice/empty", new byte[0]).dir("alice/dir");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("SIZE five.bin").text()).isEqualTo("213 5");
            assertThat(raw.send("SIZE /empty").text()).isEqualTo("213 0");
            assertThat(raw.send("SIZE dir").code()).isEqualTo(550);
            assertThat(raw.send("SIZE missing").code()).isEqualTo(550);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.getSize("five.bin")).isEqualTo("5");
        assertThat(ftp.getReplyCode()).isEqualTo(213);
        ftp.disconnect();
    }

    @Test
    void mdtmIsUtcYyyyMmDdHhMmSs(TestServer server) throws Exception {
        home(server).file("alice/dated.txt", "x").file("alice/sub/new.txt", "y");
        Instant known = Instant.parse("2021-03-04T05:06:07Z");
        setModified(server.tree(), "alice/dated.txt", known);
        setModified(server.tree(), "alice/sub/new.txt", Instant.parse("1999-12-31T23:59:58.750Z"));
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("MDTM dated.txt").text()).isEqualTo("213 20210304050607");
            assertThat(raw.send("MDTM /sub/new.txt").text()).isEqualTo("213 19991231235958");
            assertThat(raw.send("MDTM missing").code()).isEqualTo(550);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.getModificationTime("dated.txt")).isEqualTo("20210304050607");
        assertThat(ftp.getReplyCode()).isEqualTo(213);
        assertThat(ftp.mdtmInstant("dated.txt")).isEqualTo(known);
        ftp.disconnect();
    }

    // --- TYPE, MODE, STRU

    @Test
    void type(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            expectReplies(raw, Map.ofEntries(Map.entry("TYPE A", 200), Map.entry("TYPE I", 200), Map.entry("TYPE L 8", 200),
                    Map.entry("TYPE a", 200), Map.entry("TYPE i", 200), Map.entry("TYPE A N", 200), Map.entry("TYPE E", 504),
                    Map.entry("TYPE A T", 504), Map.entry("TYPE X", 501), Map.entry("TYPE L 7", 501), Map.entry("TYPE I 8", 501)));
        }
    }

    @Test
    void typeThroughCommonsNet(TestServer server) throws Exception {
        home(server);
        FTPClient ftp = alice(server);
        assertThat(ftp.setFileType(FTP.ASCII_FILE_TYPE)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(200);
        assertThat(ftp.setFileType(FTP.BINARY_FILE_TYPE)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(200);
        assertThat(ftp.setFileType(FTP.LOCAL_FILE_TYPE, 8)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(200);
        assertThat(send(ftp, "TYPE", null)).isEqualTo(501);
        ftp.disconnect();
    }

    @Test
    void modeAndStru(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            expectReplies(raw, Map.ofEntries(Map.entry("MODE S", 200), Map.entry("MODE s", 200), Map.entry("MODE B", 504),
                    Map.entry("MODE C", 504), Map.entry("MODE Z", 504), Map.entry("MODE Q", 501), Map.entry("STRU F", 200),
                    Map.entry("STRU f", 200), Map.entry("STRU R", 504), Map.entry("STRU P", 504), Map.entry("STRU Q", 501),
                    Map.entry("MODE", 501), Map.entry("STRU", 501)));
        }
    }

    @Test
    void modeAndStruThroughCommonsNet(TestServer server) throws Exception {
        home(server);
        FTPClient ftp = alice(server);
        assertThat(ftp.setFileTransferMode(FTP.STREAM_TRANSFER_MODE)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(200);
        assertThat(ftp.setFileStructure(FTP.FILE_STRUCTURE)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(200);
        assertThat(ftp.setFileTransferMode(FTP.BLOCK_TRANSFER_MODE)).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(504);
        assertThat(ftp.setFileStructure(FTP.RECORD_STRUCTURE)).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(504);
        ftp.disconnect();
    }

    // --- RETR, STOR, APPE, REST

    @Test
    void storThenRetrRoundTripsBinaryBytes(TestServer server) throws Exception {
        home(server);
        byte[] data = bytes(20_000, 1);
        FTPClient ftp = alice(server);
        assertThat(ftp.storeFile("blob.bin", new ByteArrayInputStream(data))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(server.tree().bytes("alice/blob.bin")).isEqualTo(data);
        assertThat(retrieve(ftp, "blob.bin")).isEqualTo(data);
        // STOR replaces (full rights)
        byte[] shorter = bytes(100, 2);
        assertThat(store(ftp, "blob.bin", shorter)).isEqualTo(226);
        assertThat(server.tree().bytes("alice/blob.bin")).isEqualTo(shorter);
        // an empty upload is a file too
        assertThat(store(ftp, "empty.bin", new byte[0])).isEqualTo(226);
        assertThat(server.tree().bytes("alice/empty.bin")).isEmpty();
        ftp.disconnect();
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "blob.bin", "empty.bin");
    }

    @Test
    void retrOfMissingOrADirectoryIs550(TestServer server) throws Exception {
        home(server).dir("alice/dir");
        FTPClient ftp = alice(server);
        assertThat(ftp.retrieveFile("missing", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        assertThat(ftp.retrieveFile("dir", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        // the session goes on
        assertThat(ftp.sendNoOp()).isTrue();
        ftp.disconnect();
    }

    @Test
    void storIntoAMissingDirectoryOrOverADirectoryIs550(TestServer server) throws Exception {
        home(server).dir("alice/dir");
        FTPClient ftp = alice(server);
        assertThat(store(ftp, "nothere/x.bin", new byte[] {1})).isEqualTo(550);
        assertThat(store(ftp, "dir", new byte[] {1})).isEqualTo(550);
        ftp.disconnect();
        assertThat(server.tree().exists("alice/nothere")).isFalse();
        assertThat(isDirectory(server.tree(), "alice/dir")).isTrue();
    }

    @Test
    void restThenRetrDownloadsFromTheOffset(TestServer server) throws Exception {
        byte[] data = bytes(10_000, 3);
        home(server).file("alice/data.bin", data);
        FTPClient ftp = alice(server);
        ftp.setRestartOffset(4_000);
        assertThat(retrieve(ftp, "data.bin")).isEqualTo(Arrays.copyOfRange(data, 4_000, 10_000));
        // REST applies to one transfer only
        assertThat(retrieve(ftp, "data.bin")).isEqualTo(data);
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("REST 9999").text()).startsWith("350 ");
            assertThat(FtpTestSupport.activeDownload(raw, "PORT 127,0,0,1,%1$d,%2$d", "RETR data.bin")).containsExactly(data[9_999]);
            // at or past the end: nothing, but a complete transfer
            assertThat(raw.send("REST 10000").code()).isEqualTo(350);
            assertThat(FtpTestSupport.activeDownload(raw, "PORT 127,0,0,1,%1$d,%2$d", "RETR data.bin")).isEmpty();
            assertThat(raw.send("REST 20000").code()).isEqualTo(350);
            assertThat(FtpTestSupport.activeDownload(raw, "PORT 127,0,0,1,%1$d,%2$d", "RETR data.bin")).isEmpty();
            assertThat(raw.send("REST -1").code()).isEqualTo(501);
            assertThat(raw.send("REST abc").code()).isEqualTo(501);
            assertThat(raw.send("REST").code()).isEqualTo(501);
        }
        ftp.disconnect();
    }

    @Test
    void restThenStorResumesAnUpload(TestServer server) throws Exception {
        byte[] original = bytes(8_000, 4);
        home(server).file("alice/resume.bin", original);
        byte[] rest = bytes(5_000, 5);
        FTPClient ftp = alice(server);
        ftp.setRestartOffset(3_000);
        assertThat(ftp.storeFile("resume.bin", new ByteArrayInputStream(rest))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        byte[] expected = new byte[8_000];
        System.arraycopy(original, 0, expected, 0, 3_000);
        System.arraycopy(rest, 0, expected, 3_000, 5_000);
        assertThat(server.tree().bytes("alice/resume.bin")).isEqualTo(expected);

        // resuming with less than what was there truncates at offset + what was sent
        ftp.setRestartOffset(10);
        assertThat(ftp.storeFile("resume.bin", new ByteArrayInputStream(new byte[] {9, 9}))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        byte[] now = server.tree().bytes("alice/resume.bin");
        assertThat(now).hasSize(12);
        assertThat(Arrays.copyOf(now, 10)).isEqualTo(Arrays.copyOf(original, 10));
        assertThat(now[10]).isEqualTo((byte) 9);
        ftp.disconnect();
    }

    @Test
    void restBeyondTheEndOfAFileRefusesTheStorAndChangesNothing(TestServer server) throws Exception {
        home(server).file("alice/short.bin", new byte[] {1, 2, 3});
        FTPClient ftp = alice(server);
        ftp.setRestartOffset(100);
        assertThat(store(ftp, "short.bin", new byte[] {4})).isBetween(500, 599);
        ftp.setRestartOffset(1);
        assertThat(store(ftp, "missing.bin", new byte[] {4})).isEqualTo(550);
        ftp.disconnect();
        assertThat(server.tree().bytes("alice/short.bin")).containsExactly(1, 2, 3);
        assertThat(server.tree().exists("alice/missing.bin")).isFalse();
    }

    @Test
    void appeAppendsOrCreates(TestServer server) throws Exception {
        home(server).file("alice/log.txt", "one\n");
        FTPClient ftp = alice(server);
        assertThat(ftp.appendFile("log.txt", new ByteArrayInputStream("two\n".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(append(ftp, "log.txt", "three\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
        assertThat(server.tree().read("alice/log.txt")).isEqualTo("one\ntwo\nthree\n");
        assertThat(append(ftp, "fresh.txt", "new".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
        assertThat(server.tree().read("alice/fresh.txt")).isEqualTo("new");
        ftp.disconnect();
    }

    @Test
    void alloAnnouncesTheNextUploadsSize(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("ALLO 1000").code()).isEqualTo(200);
            assertThat(raw.send("ALLO 1000 R 10").code()).isEqualTo(200);
            assertThat(raw.send("ALLO -1").code()).isEqualTo(501);
            assertThat(raw.send("ALLO many").code()).isEqualTo(501);
            assertThat(raw.send("ALLO").code()).isEqualTo(501);
        }
        byte[] data = bytes(3_000, 9);
        FTPClient ftp = alice(server);
        assertThat(ftp.allocate(3_000)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(200);
        assertThat(store(ftp, "announced.bin", data)).isEqualTo(226);
        // the announcement is a hint, never a limit
        assertThat(ftp.allocate(10)).isTrue();
        assertThat(store(ftp, "bigger.bin", data)).isEqualTo(226);
        ftp.disconnect();
        assertThat(server.tree().bytes("alice/announced.bin")).isEqualTo(data);
        assertThat(server.tree().bytes("alice/bigger.bin")).isEqualTo(data);
    }

    // --- LIST, NLST

    @Test
    void listParsesInCommonsNetWithNamesSizesAndKinds(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/b.bin", bytes(1234, 6)).dir("alice/docs")
                .file("alice/docs/inner.txt", "in");
        FTPClient ftp = alice(server);
        FTPFile[] files = ftp.listFiles();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(files).extracting(FTPFile::getName).containsExactlyInAnyOrder("a.txt", "b.bin", "docs");
        assertThat(files).allSatisfy(file -> assertThat(file).isNotNull());
        FTPFile a = byName(files, "a.txt");
        assertThat(a.isFile()).isTrue();
        assertThat(a.getSize()).isEqualTo(5);
        assertThat(byName(files, "b.bin").getSize()).isEqualTo(1234);
        assertThat(byName(files, "docs").isDirectory()).isTrue();

        FTPFile[] inner = ftp.listFiles("docs");
        assertThat(inner).extracting(FTPFile::getName).containsExactly("inner.txt");
        assertThat(inner[0].getSize()).isEqualTo(2);
        assertThat(ftp.listFiles("missing")).isEmpty();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        ftp.disconnect();
    }

    @Test
    void listWithLsOptions(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "1").file("alice/.hidden", "h").file("alice/docs/inner.txt", "in");
        FTPClient ftp = alice(server);
        assertThat(ftp.listFiles("-la")).extracting(FTPFile::getName).containsExactlyInAnyOrder("a.txt", "docs");
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(ftp.listFiles("-la docs")).extracting(FTPFile::getName).containsExactly("inner.txt");
        ftp.setListHiddenFiles(true);
        assertThat(ftp.listFiles()).extracting(FTPFile::getName).containsExactlyInAnyOrder("a.txt", "docs");
        ftp.disconnect();
    }

    @Test
    void listOfASingleFile(TestServer server) throws Exception {
        home(server).file("alice/docs/report.pdf", bytes(777, 7));
        FTPClient ftp = alice(server);
        FTPFile[] one = ftp.listFiles("docs/report.pdf");
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(one).hasSize(1);
        assertThat(one[0].getName()).isEqualTo("report.pdf");
        assertThat(one[0].getSize()).isEqualTo(777);
        assertThat(one[0].isFile()).isTrue();
        assertThat(ftp.listNames("docs/report.pdf")).containsExactly("report.pdf");
        ftp.disconnect();
    }

    @Test
    void nlstListsNames(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "1").file("alice/b.txt", "2").dir("alice/docs").file("alice/docs/c.txt", "3");
        FTPClient ftp = alice(server);
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("a.txt", "b.txt", "docs");
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(ftp.listNames("docs")).containsExactly("c.txt");
        assertThat(ftp.listNames("/docs/")).containsExactly("c.txt");
        assertThat(ftp.listNames("missing")).isNull();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        ftp.disconnect();
    }

    @Test
    void listLinesAreLsLongFormat(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").dir("alice/docs");
        try (RawFtp raw = rawAlice(server)) {
            String listing = new String(FtpTestSupport.activeDownload(raw, "PORT 127,0,0,1,%1$d,%2$d", "LIST"),
                    StandardCharsets.UTF_8);
            assertThat(listing).endsWith("\r\n");
            List<String> lines = listing.lines().toList();
            assertThat(lines).hasSize(2);
            Pattern ls = Pattern.compile("([-d])([-r][-w][-x]){3} +\\d+ +\\S+ +\\S+ +(\\d+) +\\w{3} +\\d{1,2} +[\\d:]+ (.+)");
            for (String line : lines) {
                Matcher matcher = ls.matcher(line);
                assertThat(matcher.matches()).as(line).isTrue();
                if (matcher.group(4).equals("a.txt")) {
                    assertThat(matcher.group(1)).isEqualTo("-");
                    assertThat(matcher.group(3)).isEqualTo("5");
                } else {
                    assertThat(matcher.group(4)).isEqualTo("docs");
                    assertThat(matcher.group(1)).isEqualTo("d");
                }
            }
        }
    }

    // --- data connections: PASV, EPSV, PORT, EPRT

    @Test
    void pasvIs227WithTheControlAddress(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "passive");
        try (RawFtp raw = rawAlice(server)) {
            RawFtp.Reply pasv = raw.send("PASV");
            assertThat(pasv.code()).isEqualTo(227);
            Matcher m = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)").matcher(pasv.text());
            assertThat(m.find()).as(pasv.text()).isTrue();
            assertThat(m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4)).isEqualTo("127.0.0.1");
            int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
            assertThat(raw.send("PASV x").code()).isEqualTo(501);
            // the second PASV replaced the first: use a new one
            pasv = raw.send("PASV");
            m = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)").matcher(pasv.text());
            assertThat(m.find()).isTrue();
            port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
            try (Socket data = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(raw.send("RETR a.txt").code()).isEqualTo(150);
                try (InputStream in = data.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("passive");
                }
            }
            assertThat(raw.read().code()).isEqualTo(226);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.pasv()).isEqualTo(227);
        ftp.disconnect();
    }

    @Test
    void epsvIs229AndCarriesATransfer(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "extended");
        try (RawFtp raw = rawAlice(server)) {
            RawFtp.Reply epsv = raw.send("EPSV");
            assertThat(epsv.code()).isEqualTo(229);
            Matcher m = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)").matcher(epsv.text());
            assertThat(m.find()).as(epsv.text()).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (Socket data = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(raw.send("RETR a.txt").code()).isEqualTo(150);
                try (InputStream in = data.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("extended");
                }
            }
            assertThat(raw.read().code()).isEqualTo(226);
            assertThat(raw.send("EPSV 1").code()).isEqualTo(229);
            // IPv6 on an IPv4 control connection, or an unknown protocol
            assertThat(raw.send("EPSV 2").code()).isEqualTo(522);
            assertThat(raw.send("EPSV 7").code()).isEqualTo(522);
        }
        FTPClient ftp = alice(server);
        ftp.setUseEPSVwithIPv4(true);
        assertThat(ftp.epsv()).isEqualTo(229);
        assertThat(retrieve(ftp, "a.txt")).isEqualTo("extended".getBytes(StandardCharsets.UTF_8));
        assertThat(ftp.listNames()).containsExactly("a.txt");
        assertThat(ftp.storeFile("up.txt", new ByteArrayInputStream("via epsv".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(server.tree().read("alice/up.txt")).isEqualTo("via epsv");
        ftp.disconnect();
    }

    @Test
    void aPassiveDataConnectionFromAnotherAddressIsTurnedAway(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "for alice only");
        try (RawFtp raw = rawAlice(server)) {
            RawFtp.Reply pasv = raw.send("PASV");
            Matcher m = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)").matcher(pasv.text());
            assertThat(m.find()).as(pasv.text()).isTrue();
            int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
            // Linux routes all of 127/8 to the loopback: a second local address plays the stranger
            try (Socket thief = new Socket()) {
                thief.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
                thief.setSoTimeout(10_000);
                thief.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
                assertThat(raw.send("RETR a.txt").code()).isEqualTo(150);
                byte[] stolen;
                try (InputStream in = thief.getInputStream()) {
                    stolen = in.readAllBytes();
                } catch (java.net.SocketException reset) {
                    stolen = new byte[0];
                }
                assertThat(stolen).isEmpty();
                try (Socket data = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = data.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("for alice only");
                }
            }
            assertThat(raw.read().code()).isEqualTo(226);
        }
    }

    @Test
    void anActiveTargetThatDoesNotAnswerIs425(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "x");
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("PORT 127,0,0,1," + closedPort / 256 + "," + closedPort % 256).code()).isEqualTo(200);
            assertThat(raw.send("RETR a.txt").code()).isEqualTo(150);
            assertThat(raw.read().code()).isEqualTo(425);
            assertThat(raw.send("EPRT |1|127.0.0.1|" + closedPort + "|").code()).isEqualTo(200);
            assertThat(raw.send("STOR new.txt").code()).isEqualTo(150);
            assertThat(raw.read().code()).isEqualTo(425);
            assertThat(raw.send("NOOP").code()).isEqualTo(200);
        }
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "a.txt");
    }

    @Test
    void epsvAllForbidsPasvPortAndEprt(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("EPSV ALL").code()).isEqualTo(200);
            assertThat(raw.send("PASV").code()).isEqualTo(503);
            assertThat(raw.send("PORT 127,0,0,1,4,1").code()).isEqualTo(503);
            assertThat(raw.send("EPRT |1|127.0.0.1|1025|").code()).isEqualTo(503);
            assertThat(raw.send("EPSV").code()).isEqualTo(229);
        }
    }

    @Test
    void activeModeWithPortThroughCommonsNet(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "active").dir("alice/docs");
        byte[] data = bytes(30_000, 8);
        FTPClient ftp = alice(server);
        ftp.enterLocalActiveMode();
        assertThat(ftp.storeFile("up.bin", new ByteArrayInputStream(data))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(server.tree().bytes("alice/up.bin")).isEqualTo(data);
        assertThat(retrieve(ftp, "up.bin")).isEqualTo(data);
        assertThat(retrieve(ftp, "a.txt")).isEqualTo("active".getBytes(StandardCharsets.UTF_8));
        assertThat(ftp.listFiles()).extracting(FTPFile::getName).containsExactlyInAnyOrder("a.txt", "docs", "up.bin");
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("a.txt", "docs", "up.bin");
        ftp.disconnect();
    }

    @Test
    void activeModeWithPortAndEprtOverRawConnection(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "raw active");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(new String(FtpTestSupport.activeDownload(raw, "PORT 127,0,0,1,%1$d,%2$d", "RETR a.txt"),
                    StandardCharsets.UTF_8)).isEqualTo("raw active");
            assertThat(new String(FtpTestSupport.activeDownload(raw, "EPRT |1|127.0.0.1|%3$d|", "RETR a.txt"),
                    StandardCharsets.UTF_8)).isEqualTo("raw active");
            // any delimiter (RFC 2428 2)
            assertThat(new String(FtpTestSupport.activeDownload(raw, "EPRT !1!127.0.0.1!%3$d!", "NLST"),
                    StandardCharsets.UTF_8)).isEqualTo("a.txt\r\n");
            FtpTestSupport.activeUpload(raw, "EPRT |1|127.0.0.1|%3$d|", "STOR e.txt", "via eprt".getBytes(StandardCharsets.UTF_8));
            FtpTestSupport.activeUpload(raw, "PORT 127,0,0,1,%1$d,%2$d", "APPE e.txt", "+port".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(server.tree().read("alice/e.txt")).isEqualTo("via eprt+port");
        FTPClient ftp = alice(server);
        assertThat(ftp.eprt(InetAddress.getByName("127.0.0.1"), 40_000)).isEqualTo(200);
        ftp.disconnect();
    }

    @Test
    void activeModeToAForeignAddressIs501(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            for (String line : List.of("PORT 127,0,0,2,200,10", "PORT 10,1,2,3,200,10", "PORT 0,0,0,0,200,10",
                    "EPRT |1|127.0.0.2|51210|", "EPRT |1|10.1.2.3|51210|", "EPRT |2|::1|51210|")) {
                assertThat(raw.send(line).code()).as(line).isEqualTo(501);
                // and no endpoint was set up: a transfer needs one
                assertThat(raw.send("LIST").code()).as("LIST after " + line).isEqualTo(425);
            }
        }
    }

    @Test
    void activeModeToAPrivilegedPortIs501(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            expectAll(raw, 501, "PORT 127,0,0,1,0,21", "PORT 127,0,0,1,0,0", "PORT 127,0,0,1,3,255",
                    "EPRT |1|127.0.0.1|22|", "EPRT |1|127.0.0.1|0|", "EPRT |1|127.0.0.1|65536|");
            assertThat(raw.send("LIST").code()).isEqualTo(425);
        }
    }

    @Test
    void malformedPortAndEprtAre501(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            expectAll(raw, 501, "PORT 127,0,0,1,4", "PORT 127,0,0,1,4,1,1", "PORT 127,0,0,256,4,1", "PORT 127,0,0,1,-4,1",
                    "PORT a,b,c,d,e,f", "PORT 127.0.0.1:1025", "PORT ,,,,,", "EPRT |1|127.0.0.1|", "EPRT 1|127.0.0.1|1025|",
                    "EPRT |1|127.0.0.1|port|", "EPRT |1|localhost|1025|", "EPRT |1|::1|1025|", "EPRT |2|127.0.0.1|1025|",
                    "EPRT |1|127.0.0.1|1025|x", "EPRT ||||", "EPRT x", "PORT", "EPRT");
        }
    }

    @Test
    void eprtWithAnUnknownProtocolIs522(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            expectAll(raw, 522, "EPRT |3|127.0.0.1|1025|", "EPRT |0|127.0.0.1|1025|", "EPRT |x|127.0.0.1|1025|");
        }
    }

    @Test
    void transferWithoutPasvOrPortIs425(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "x");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("RETR a.txt").code()).isEqualTo(425);
            assertThat(raw.send("LIST").code()).isEqualTo(425);
            assertThat(raw.send("NLST").code()).isEqualTo(425);
            assertThat(raw.send("STOR new.txt").code()).isEqualTo(425);
            assertThat(raw.send("APPE a.txt").code()).isEqualTo(425);
            // a PASV serves one transfer only
            RawFtp.Reply pasv = raw.send("PASV");
            Matcher m = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)").matcher(pasv.text());
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
            try (Socket data = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(raw.send("RETR a.txt").code()).isEqualTo(150);
                data.getInputStream().readAllBytes();
            }
            assertThat(raw.read().code()).isEqualTo(226);
            assertThat(raw.send("RETR a.txt").code()).isEqualTo(425);
        }
        assertThat(server.tree().read("alice/a.txt")).isEqualTo("x");
        assertThat(server.tree().exists("alice/new.txt")).isFalse();
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "a.txt");
    }

    @Test
    void aborWithoutATransferDropsAnUnusedDataConnection(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "x");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("ABOR").code()).isIn(225, 226);
            assertThat(raw.send("PASV").code()).isEqualTo(227);
            assertThat(raw.send("ABOR").code()).isIn(225, 226);
            assertThat(raw.send("RETR a.txt").code()).isEqualTo(425);
            assertThat(raw.send("ABOR x").code()).isEqualTo(501);
        }
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("ABOR").code()).isEqualTo(530);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.abort()).isTrue();
        assertThat(ftp.getReplyCode()).isIn(225, 226);
        assertThat(ftp.sendNoOp()).isTrue();
        ftp.disconnect();
    }

    // --- errors of the dispatcher

    @Test
    void unknownCommandIs500(TestServer server) throws Exception {
        home(server);
        String[] unknown = {"FROB", "XYZZY x", "SITEX CHMOD 777 x", "ABCDEFGHIJ", "RETRX x"};
        try (RawFtp raw = rawAlice(server)) {
            for (String line : unknown) {
                assertThat(raw.send(line).code()).as(line).isEqualTo(500);
                assertThat(raw.send("NOOP").code()).isEqualTo(200);
            }
        }
        try (RawFtp raw = server.raw()) {
            expectAll(raw, 500, unknown);
        }
    }

    @Test
    void arityErrorsAre501(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = rawAlice(server)) {
            for (String line : List.of("CWD", "XCWD", "CWD  ", "MKD", "XMKD", "RMD", "XRMD", "DELE", "RNFR", "SIZE", "MDTM",
                    "RETR", "STOR", "APPE", "REST", "TYPE", "ALLO", "PWD x", "XPWD x", "CDUP x", "XCUP x", "PASV x", "SYST x",
                    "NOOP x")) {
                assertThat(raw.send(line).code()).as(line).isEqualTo(501);
                assertThat(raw.send("PWD").text()).isEqualTo("257 \"/\" is the current directory.");
            }
        }
    }

    private static void expectAll(RawFtp raw, int code, String... lines) throws Exception {
        for (String line : lines) {
            assertThat(raw.send(line).code()).as(line).isEqualTo(code);
        }
    }

    private static void expectReplies(RawFtp raw, Map<String, Integer> codes) throws Exception {
        for (Map.Entry<String, Integer> expected : new TreeMap<>(codes).entrySet()) {
            assertThat(raw.send(expected.getKey()).code()).as(expected.getKey()).isEqualTo(expected.getValue());
        }
    }

    // --- names

    @ParameterizedTest
    @ValueSource(strings = {"with space.txt", "grüße.txt", "日本語 ファイル.txt", "emoji 😀.bin", "a'quote.txt", "semi;colon.txt"})
    void utf8AndSpaceNamesRoundTrip(String name, TestServer server) throws Exception {
        home(server);
        byte[] data = bytes(500, name.hashCode());
        FTPClient ftp = alice(server);
        assertThat(ftp.storeFile(name, new ByteArrayInputStream(data))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(server.tree().bytes("alice/" + name)).isEqualTo(data);
        assertThat(ftp.listNames()).containsExactly(name);
        FTPFile[] files = ftp.listFiles();
        assertThat(files).extracting(FTPFile::getName).containsExactly(name);
        assertThat(files[0].getSize()).isEqualTo(500);
        assertThat(retrieve(ftp, name)).isEqualTo(data);
        assertThat(ftp.getSize(name)).isEqualTo("500");
        assertThat(ftp.rename(name, "renamed " + name)).isTrue();
        assertThat(ftp.makeDirectory("dir " + name)).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(257);
        assertThat(ftp.changeWorkingDirectory("dir " + name)).isTrue();
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/dir " + name);
        ftp.disconnect();
        assertThat(server.tree().bytes("alice/renamed " + name)).isEqualTo(data);
        assertThat(isDirectory(server.tree(), "alice/dir " + name)).isTrue();
    }

    @Test
    void utf8NamesWrittenOnDiskAreListedAsUtf8(TestServer server) throws Exception {
        home(server).file("alice/ça va.txt", "1").dir("alice/répertoire");
        FTPClient ftp = alice(server);
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("ça va.txt", "répertoire");
        assertThat(ftp.changeWorkingDirectory("répertoire")).isTrue();
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/répertoire");
        ftp.disconnect();
    }

    private static FTPFile byName(FTPFile[] files, String name) {
        return Arrays.stream(files).filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
    }
}
