package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.bootstrap.FtpTestSupport.append;
import static xxftp.bootstrap.FtpTestSupport.bytes;
import static xxftp.bootstrap.FtpTestSupport.isDirectory;
import static xxftp.bootstrap.FtpTestSupport.retrieve;
import static xxftp.bootstrap.FtpTestSupport.send;
import static xxftp.bootstrap.FtpTestSupport.store;
import static xxftp.bootstrap.FtpTestSupport.stored;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of XXFTP-TREE.md as a client meets them: homes, mounts, permissions, quotas, hidden files, links. */
@ExtendWith(XxftpServerExtension.class)
class TreeRulesIT {

    // --- homes

    @Test
    void usersAreIsolatedInTheirHomes(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").file("alice/mine.txt", "alice's")
                .userWithMd5("bob", "b").file("bob/private.txt", "bob's");
        FTPClient ftp = server.login("alice", "a");
        assertThat(ftp.listNames()).containsExactly("mine.txt");
        for (String up : new String[] {"/..", "..", "../..", "\\..", "/../../.."}) {
            assertThat(send(ftp, "CWD", up)).as("CWD " + up).isEqualTo(250);
            assertThat(ftp.printWorkingDirectory()).isEqualTo("/");
        }
        assertThat(ftp.listNames("..")).containsExactly("mine.txt");
        assertThat(ftp.listNames("/../")).containsExactly("mine.txt");
        for (String bob : new String[] {"../bob", "..\\bob", "/../bob", "../../bob", "/bob"}) {
            assertThat(send(ftp, "CWD", bob)).as("CWD " + bob).isEqualTo(550);
            assertThat(send(ftp, "SIZE", bob + "/private.txt")).as("SIZE " + bob).isEqualTo(550);
            assertThat(send(ftp, "DELE", bob + "/private.txt")).as("DELE " + bob).isEqualTo(550);
            assertThat(send(ftp, "MKD", bob + "/x")).as("MKD " + bob).isEqualTo(550);
            assertThat(ftp.retrieveFile(bob + "/private.txt", new ByteArrayOutputStream())).isFalse();
            assertThat(ftp.getReplyCode()).as("RETR " + bob).isEqualTo(550);
            assertThat(store(ftp, bob + "/evil.txt", new byte[] {1})).as("STOR " + bob).isEqualTo(550);
            assertThat(ftp.listNames(bob)).as("NLST " + bob).isNull();
        }
        assertThat(ftp.retrieveFile("..\\bob\\private.txt", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        // a "..": resolved against the home, so this is alice's own file
        assertThat(new String(retrieve(ftp, "../mine.txt"), StandardCharsets.UTF_8)).isEqualTo("alice's");
        ftp.disconnect();
        assertThat(server.tree().read("bob/private.txt")).isEqualTo("bob's");
        assertThat(stored(server.tree(), "bob")).containsExactly(".xxftp", "private.txt");
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "mine.txt");
    }

    // --- virtual directories

    @Test
    void nestedMountsAreListedFirstAsDirectories(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").file("alice/aaa.txt", "a").dir("alice/zzz")
                .virtual("alice", "shared $root/shared read")
                .file("shared/s.txt", "shared file")
                .virtual("shared", "inner $root/inner read,write", "# a comment", "", "outer $root/outer read")
                .file("inner/i.txt", "inner file")
                .dir("outer");
        FTPClient ftp = server.login("alice", "a");

        FTPFile[] top = ftp.listFiles();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(top).extracting(FTPFile::getName).containsExactlyInAnyOrder("shared", "aaa.txt", "zzz");
        assertThat(top[0].getName()).isEqualTo("shared");
        assertThat(top[0].isDirectory()).isTrue();
        assertThat(ftp.listNames()[0]).isEqualTo("shared");

        FTPFile[] shared = ftp.listFiles("shared");
        assertThat(shared).extracting(FTPFile::getName).containsExactly("inner", "outer", "s.txt");
        assertThat(shared[0].isDirectory()).isTrue();
        assertThat(shared[1].isDirectory()).isTrue();
        assertThat(ftp.listNames("shared")).containsExactly("inner", "outer", "s.txt");

        assertThat(retrieve(ftp, "shared/s.txt")).isEqualTo("shared file".getBytes(StandardCharsets.UTF_8));
        assertThat(retrieve(ftp, "shared/inner/i.txt")).isEqualTo("inner file".getBytes(StandardCharsets.UTF_8));
        assertThat(ftp.changeWorkingDirectory("shared/inner")).isTrue();
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/shared/inner");
        assertThat(ftp.changeWorkingDirectory("/")).isTrue();

        // each mount has its own rights: read only in shared, a drop box in inner
        assertThat(store(ftp, "shared/x.txt", new byte[] {1})).isEqualTo(550);
        assertThat(store(ftp, "shared/outer/x.txt", new byte[] {1})).isEqualTo(550);
        assertThat(store(ftp, "shared/inner/up.txt", "uploaded".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
        assertThat(send(ftp, "DELE", "shared/inner/i.txt")).isEqualTo(550);
        // the home's own rights are untouched by the mounts inside it
        assertThat(store(ftp, "home.txt", new byte[] {2})).isEqualTo(226);
        ftp.disconnect();

        assertThat(server.tree().read("inner/up.txt")).isEqualTo("uploaded");
        assertThat(server.tree().read("inner/i.txt")).isEqualTo("inner file");
        assertThat(server.tree().exists("shared/x.txt")).isFalse();
        assertThat(server.tree().exists("outer/x.txt")).isFalse();
        assertThat(server.tree().bytes("alice/home.txt")).containsExactly(2);
    }

    @Test
    void aMountHidesARealEntryOfTheSameNameAndBadLinesAreSkipped(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").file("alice/docs/real.txt", "hidden by the mount")
                .virtual("alice", "docs $root/pub read", "broken line", "x $root/y write,fly", "../up $root/pub read",
                        "ok $root/pub read")
                .file("pub/public.txt", "public");
        FTPClient ftp = server.login("alice", "a");
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("docs", "ok");
        assertThat(ftp.listNames("docs")).containsExactly("public.txt");
        assertThat(ftp.listNames("ok")).containsExactly("public.txt");
        assertThat(ftp.retrieveFile("docs/real.txt", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        assertThat(send(ftp, "CWD", "x")).isEqualTo(550);
        ftp.disconnect();
    }

    // --- permissions

    @Test
    void readOnlyHome(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").permission("alice", "read")
                .file("alice/a.txt", "original").dir("alice/empty").dir("alice/d");
        FTPClient ftp = server.login("alice", "a");
        assertThat(store(ftp, "new.txt", new byte[] {1})).isEqualTo(550);
        assertThat(store(ftp, "a.txt", new byte[] {1})).isEqualTo(550);
        assertThat(append(ftp, "a.txt", new byte[] {1})).isEqualTo(550);
        assertThat(append(ftp, "new.txt", new byte[] {1})).isEqualTo(550);
        ftp.setRestartOffset(2);
        assertThat(store(ftp, "a.txt", new byte[] {1})).isEqualTo(550);
        assertThat(send(ftp, "DELE", "a.txt")).isEqualTo(550);
        assertThat(send(ftp, "MKD", "newdir")).isEqualTo(550);
        assertThat(send(ftp, "RMD", "empty")).isEqualTo(550);
        assertThat(send(ftp, "RNFR", "a.txt")).isEqualTo(550);
        assertThat(send(ftp, "RNTO", "b.txt")).isEqualTo(503);
        assertThat(send(ftp, "RNFR", "d")).isEqualTo(550);

        assertThat(retrieve(ftp, "a.txt")).isEqualTo("original".getBytes(StandardCharsets.UTF_8));
        assertThat(ftp.listFiles()).extracting(FTPFile::getName).containsExactlyInAnyOrder("a.txt", "empty", "d");
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("a.txt", "empty", "d");
        assertThat(send(ftp, "SIZE", "a.txt")).isEqualTo(213);
        assertThat(send(ftp, "MDTM", "a.txt")).isEqualTo(213);
        assertThat(send(ftp, "CWD", "d")).isEqualTo(250);
        ftp.disconnect();

        assertThat(server.tree().read("alice/a.txt")).isEqualTo("original");
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "a.txt", "d", "empty");
        assertThat(isDirectory(server.tree(), "alice/empty")).isTrue();
    }

    @Test
    void readWriteDropBoxTakesNewFilesButChangesNothing(TestServer server) throws Exception {
        server.tree().user("anonymous").permission("anonymous", "read")
                .virtual("anonymous", "incoming $root/anonymous-incoming read,write")
                .file("anonymous-incoming/existing.txt", "original").dir("anonymous-incoming/sub");
        FTPClient ftp = server.login("anonymous", "guest@");
        byte[] upload = bytes(5_000, 10);
        assertThat(store(ftp, "incoming/new.bin", upload)).isEqualTo(226);
        assertThat(append(ftp, "incoming/fresh.txt", "appended new".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);

        byte[] other = bytes(3_000, 11);
        assertThat(store(ftp, "incoming/existing.txt", other)).isEqualTo(550);
        assertThat(store(ftp, "incoming/new.bin", other)).isEqualTo(550);
        assertThat(append(ftp, "incoming/existing.txt", other)).isEqualTo(550);
        assertThat(append(ftp, "incoming/new.bin", other)).isEqualTo(550);
        ftp.setRestartOffset(3);
        assertThat(store(ftp, "incoming/existing.txt", other)).isEqualTo(550);
        assertThat(send(ftp, "DELE", "incoming/existing.txt")).isEqualTo(550);
        assertThat(send(ftp, "DELE", "incoming/new.bin")).isEqualTo(550);
        assertThat(send(ftp, "RNFR", "incoming/existing.txt")).isEqualTo(550);
        assertThat(send(ftp, "RNFR", "incoming/sub")).isEqualTo(550);
        assertThat(send(ftp, "MKD", "incoming/newdir")).isEqualTo(550);
        assertThat(send(ftp, "RMD", "incoming/sub")).isEqualTo(550);
        // the home itself is read-only
        assertThat(store(ftp, "top.txt", other)).isEqualTo(550);

        assertThat(retrieve(ftp, "incoming/existing.txt")).isEqualTo("original".getBytes(StandardCharsets.UTF_8));
        assertThat(ftp.listNames("incoming")).containsExactlyInAnyOrder("existing.txt", "fresh.txt", "new.bin", "sub");
        ftp.disconnect();

        assertThat(server.tree().read("anonymous-incoming/existing.txt")).isEqualTo("original");
        assertThat(server.tree().bytes("anonymous-incoming/new.bin")).isEqualTo(upload);
        assertThat(server.tree().read("anonymous-incoming/fresh.txt")).isEqualTo("appended new");
        // no temporaries or half uploads left behind
        assertThat(stored(server.tree(), "anonymous-incoming")).containsExactly("existing.txt", "fresh.txt", "new.bin", "sub");
        assertThat(stored(server.tree(), "anonymous")).containsExactly(".xxftp");
    }

    @Test
    void writeWithoutReadUploadsAndListsButNeitherReadsNorStats(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").permission("alice", "write").file("alice/old.txt", "old");
        FTPClient ftp = server.login("alice", "a");
        assertThat(store(ftp, "new.txt", "new".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
        for (String name : new String[] {"old.txt", "new.txt"}) {
            assertThat(ftp.retrieveFile(name, new ByteArrayOutputStream())).isFalse();
            assertThat(ftp.getReplyCode()).as("RETR " + name).isEqualTo(550);
            assertThat(send(ftp, "SIZE", name)).as("SIZE " + name).isEqualTo(550);
            assertThat(send(ftp, "MDTM", name)).as("MDTM " + name).isEqualTo(550);
        }
        assertThat(ftp.listFiles()).extracting(FTPFile::getName).containsExactlyInAnyOrder("old.txt", "new.txt");
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("old.txt", "new.txt");
        // write alone replaces nothing
        assertThat(store(ftp, "old.txt", new byte[] {1})).isEqualTo(550);
        assertThat(send(ftp, "DELE", "old.txt")).isEqualTo(550);
        ftp.disconnect();
        assertThat(server.tree().read("alice/new.txt")).isEqualTo("new");
        assertThat(server.tree().read("alice/old.txt")).isEqualTo("old");
    }

    @Test
    void fullRightsAllowEverything(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").permission("alice", "read,write,modify")
                .virtual("alice", "box $root/box read,write,modify")
                .file("alice/a.txt", "a").file("box/b.txt", "b");
        FTPClient ftp = server.login("alice", "a");
        for (String dir : new String[] {"", "box/"}) {
            assertThat(store(ftp, dir + "new.txt", "12345".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
            assertThat(store(ftp, dir + "new.txt", "abcde".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
            assertThat(append(ftp, dir + "new.txt", "fg".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
            ftp.setRestartOffset(5);
            assertThat(store(ftp, dir + "new.txt", "FG".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
            assertThat(retrieve(ftp, dir + "new.txt")).isEqualTo("abcdeFG".getBytes(StandardCharsets.UTF_8));
            assertThat(send(ftp, "MKD", dir + "d")).isEqualTo(257);
            assertThat(send(ftp, "RNFR", dir + "new.txt")).isEqualTo(350);
            assertThat(send(ftp, "RNTO", dir + "d/moved.txt")).isEqualTo(250);
            assertThat(send(ftp, "DELE", dir + "d/moved.txt")).isEqualTo(250);
            assertThat(send(ftp, "RMD", dir + "d")).isEqualTo(250);
        }
        // between the home and a mount on the same storage
        assertThat(send(ftp, "RNFR", "a.txt")).isEqualTo(350);
        assertThat(send(ftp, "RNTO", "box/a.txt")).isEqualTo(250);
        ftp.disconnect();
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp");
        assertThat(stored(server.tree(), "box")).containsExactly("a.txt", "b.txt");
    }

    @Test
    void modifyWithoutWriteChangesButCreatesNothing(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").permission("alice", "read,modify").file("alice/a.txt", "old");
        FTPClient ftp = server.login("alice", "a");
        assertThat(store(ftp, "new.txt", new byte[] {1})).isEqualTo(550);
        assertThat(append(ftp, "new2.txt", new byte[] {1})).isEqualTo(550);
        assertThat(store(ftp, "a.txt", "replaced".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
        assertThat(append(ftp, "a.txt", "+".getBytes(StandardCharsets.UTF_8))).isEqualTo(226);
        ftp.disconnect();
        assertThat(server.tree().read("alice/a.txt")).isEqualTo("replaced+");
        assertThat(server.tree().exists("alice/new.txt")).isFalse();
        assertThat(server.tree().exists("alice/new2.txt")).isFalse();
    }

    @Test
    void aMountPointCantBeDeletedRenamedOrOverwritten(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").file("alice/a.txt", "a")
                .virtual("alice", "box $root/box read,write,modify", "empty $root/empty read,write,modify")
                .file("box/b.txt", "b").dir("empty");
        FTPClient ftp = server.login("alice", "a");
        for (String mount : new String[] {"box", "empty", "/box/", "./empty"}) {
            assertThat(send(ftp, "DELE", mount)).as("DELE " + mount).isEqualTo(550);
            assertThat(send(ftp, "RMD", mount)).as("RMD " + mount).isEqualTo(550);
            assertThat(send(ftp, "MKD", mount)).as("MKD " + mount).isEqualTo(550);
            assertThat(send(ftp, "RNFR", mount)).as("RNFR " + mount).isEqualTo(550);
            assertThat(store(ftp, mount, new byte[] {1})).as("STOR " + mount).isEqualTo(550);
            assertThat(append(ftp, mount, new byte[] {1})).as("APPE " + mount).isEqualTo(550);
            assertThat(send(ftp, "RNFR", "a.txt")).isEqualTo(350);
            assertThat(send(ftp, "RNTO", mount)).as("RNTO " + mount).isEqualTo(550);
        }
        // nor is the home itself
        assertThat(send(ftp, "RMD", "/")).isEqualTo(550);
        assertThat(send(ftp, "RNFR", "/")).isEqualTo(550);
        // inside, the mount's rights apply
        assertThat(store(ftp, "empty/x.txt", new byte[] {1})).isEqualTo(226);
        assertThat(send(ftp, "DELE", "empty/x.txt")).isEqualTo(250);
        ftp.disconnect();
        assertThat(server.tree().read("alice/a.txt")).isEqualTo("a");
        assertThat(server.tree().read("box/b.txt")).isEqualTo("b");
        assertThat(isDirectory(server.tree(), "empty")).isTrue();
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "a.txt");
        assertThat(stored(server.tree(), "box")).containsExactly("b.txt");
    }

    // --- quotas

    @Test
    void aQuotaOnAMountTargetRefusesWhatWouldPassIt(TestServer server) throws Exception {
        byte[] old = bytes(30_000, 20);
        server.tree().userWithMd5("alice", "a").virtual("alice", "incoming $root/in read,write,modify")
                .file("in/old.bin", old).size("in", 100_000);
        byte[] a = bytes(50_000, 21);
        byte[] b = bytes(30_000, 22);
        byte[] c = bytes(20_000, 23);
        FTPClient ftp = server.login("alice", "a");
        assertThat(store(ftp, "incoming/a.bin", a)).isEqualTo(226);
        // 30 + 50 + 30 KB > 100 KB
        assertThat(store(ftp, "incoming/b.bin", b)).isEqualTo(552);
        assertThat(stored(server.tree(), "in")).containsExactly(".xxftp", "a.bin", "old.bin");
        // exactly up to the limit (the .xxftp/size file itself is counted too, a few bytes)
        byte[] fill = bytes(20_000 - server.tree().bytes("in/.xxftp/size").length, 23);
        assertThat(store(ftp, "incoming/c.bin", fill)).isEqualTo(226);
        assertThat(store(ftp, "incoming/d.bin", new byte[] {1})).isEqualTo(552);
        assertThat(append(ftp, "incoming/a.bin", new byte[] {1})).isEqualTo(552);
        assertThat(server.tree().bytes("in/a.bin")).isEqualTo(a);
        // far more than the room left: the server stops reading, and still nothing is kept
        assertThat(store(ftp, "incoming/huge.bin", bytes(300_000, 25))).isEqualTo(552);
        assertThat(stored(server.tree(), "in")).containsExactly(".xxftp", "a.bin", "c.bin", "old.bin");
        // deleting frees room
        assertThat(send(ftp, "DELE", "incoming/old.bin")).isEqualTo(250);
        assertThat(store(ftp, "incoming/d.bin", c)).isEqualTo(226);
        // outside the mount the limit does not apply
        assertThat(store(ftp, "big.bin", bytes(120_000, 24))).isEqualTo(226);
        ftp.disconnect();
        assertThat(server.tree().bytes("in/a.bin")).isEqualTo(a);
        assertThat(server.tree().bytes("in/c.bin")).isEqualTo(fill);
        assertThat(server.tree().bytes("in/d.bin")).isEqualTo(c);
        assertThat(stored(server.tree(), "in")).containsExactly(".xxftp", "a.bin", "c.bin", "d.bin");
    }

    @Test
    void aQuotaOnAHomeCountsItsWholeSubtree(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").size("alice", 50_000).file("alice/deep/er/old.bin", bytes(20_000, 30));
        FTPClient ftp = server.login("alice", "a");
        assertThat(store(ftp, "deep/new.bin", bytes(20_000, 31))).isEqualTo(226);
        assertThat(store(ftp, "top.bin", bytes(20_000, 32))).isEqualTo(552);
        assertThat(send(ftp, "MKD", "more")).isEqualTo(257);
        assertThat(store(ftp, "more/small.bin", bytes(5_000, 33))).isEqualTo(226);
        ftp.disconnect();
        assertThat(server.tree().exists("alice/top.bin")).isFalse();
        assertThat(server.tree().bytes("alice/deep/er/old.bin")).isEqualTo(bytes(20_000, 30));
    }

    @Test
    void aRenameIntoALimitedSubtreeMustFit(TestServer server) throws Exception {
        byte[] big = bytes(60_000, 40);
        server.tree().userWithMd5("alice", "a").virtual("alice", "box $root/box read,write,modify")
                .size("box", 100_000).file("box/inside.bin", bytes(50_000, 41)).file("alice/big.bin", big)
                .file("alice/small.bin", bytes(1_000, 42));
        FTPClient ftp = server.login("alice", "a");
        assertThat(send(ftp, "RNFR", "big.bin")).isEqualTo(350);
        assertThat(send(ftp, "RNTO", "box/big.bin")).isEqualTo(552);
        assertThat(send(ftp, "RNFR", "small.bin")).isEqualTo(350);
        assertThat(send(ftp, "RNTO", "box/small.bin")).isEqualTo(250);
        ftp.disconnect();
        assertThat(server.tree().bytes("alice/big.bin")).isEqualTo(big);
        assertThat(server.tree().exists("box/big.bin")).isFalse();
        assertThat(server.tree().exists("box/small.bin")).isTrue();
    }

    @Test
    void aZeroLimitIsNoLimit(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "a").size("alice", 0);
        FTPClient ftp = server.login("alice", "a");
        assertThat(store(ftp, "a.bin", bytes(50_000, 43))).isEqualTo(226);
        ftp.disconnect();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentUploadsCantTogetherPassALimit(TestServer server) throws Exception {
        int clients = 4;
        int size = 40_000;
        long limit = 100_000;
        server.tree().user("anonymous").permission("anonymous", "read")
                .virtual("anonymous", "incoming $root/anonymous-incoming read,write")
                .dir("anonymous-incoming").size("anonymous-incoming", limit);
        long configBytes = server.tree().bytes("anonymous-incoming/.xxftp/size").length;
        List<FTPClient> ftps = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ftps.add(server.login("anonymous", "guest@"));
        }
        CyclicBarrier start = new CyclicBarrier(clients);
        Map<String, Future<Integer>> results = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                FTPClient ftp = ftps.get(i);
                String name = "upload" + i + ".bin";
                byte[] data = bytes(size, 100 + i);
                results.put(name, pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store(ftp, "incoming/" + name, data);
                }));
            }
            int succeeded = 0;
            long onDisk = configBytes;
            for (int i = 0; i < clients; i++) {
                String name = "upload" + i + ".bin";
                int code = results.get(name).get(30, TimeUnit.SECONDS);
                assertThat(code).as(name).isIn(226, 552);
                if (code == 226) {
                    succeeded++;
                    assertThat(server.tree().bytes("anonymous-incoming/" + name)).isEqualTo(bytes(size, 100 + i));
                    onDisk += size;
                } else {
                    assertThat(server.tree().exists("anonymous-incoming/" + name)).as(name).isFalse();
                }
            }
            // three can't fit; and a refused upload gives back all it held, so whenever one is refused
            // two others are still running, and the last two always fit: exactly two land
            assertThat(succeeded).isEqualTo(2);
            assertThat(onDisk).isLessThanOrEqualTo(limit);
            List<String> names = stored(server.tree(), "anonymous-incoming");
            assertThat(names).hasSize(succeeded + 1).contains(".xxftp");
        }
        for (FTPClient ftp : ftps) {
            ftp.disconnect();
        }
        // what is left is still usable, and still limited
        FTPClient ftp = server.login("anonymous", "guest@");
        // 80,000 bytes are held: 70,000 more can't fit, 19,000 can
        assertThat(store(ftp, "incoming/later.bin", bytes(70_000, 200))).isEqualTo(552);
        assertThat(store(ftp, "incoming/small.bin", bytes(19_000, 201))).isEqualTo(226);
        ftp.disconnect();
        long total = stored(server.tree(), "anonymous-incoming").stream()
                .filter(name -> !name.equals(".xxftp"))
                .mapToLong(name -> server.tree().bytes("anonymous-incoming/" + name).length).sum();
        assertThat(total + configBytes).isLessThanOrEqualTo(limit);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void racingUploadsOfOneNameIntoADropBoxLeaveExactlyOneWhole(TestServer server) throws Exception {
        int clients = 4;
        server.tree().user("anonymous").permission("anonymous", "read")
                .virtual("anonymous", "incoming $root/anonymous-incoming read,write").dir("anonymous-incoming");
        List<FTPClient> ftps = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ftps.add(server.login("anonymous", "guest@"));
        }
        CyclicBarrier start = new CyclicBarrier(clients);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                FTPClient ftp = ftps.get(i);
                byte[] data = bytes(40_000, 300 + i);
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store(ftp, "incoming/same.bin", data);
                }));
            }
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int code = results.get(i).get(30, TimeUnit.SECONDS);
                assertThat(code).as("client " + i).isIn(226, 550);
                if (code == 226) {
                    winners.add(i);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(server.tree().bytes("anonymous-incoming/same.bin")).isEqualTo(bytes(40_000, 300 + winners.getFirst()));
            assertThat(stored(server.tree(), "anonymous-incoming")).containsExactly("same.bin");
        }
        for (FTPClient ftp : ftps) {
            ftp.disconnect();
        }
    }

    // --- hidden control files

    /**
     * Each spelling leads to configuration (or to something that exists only as an upload
     * temporary): every command answers as for a missing file, and nothing changes.
     */
    @ParameterizedTest
    @ValueSource(strings = {".xxftp", ".xxftp/password", ".XXFTP/size", ".Xxftp/virtual", "./.xxftp/virtual",
            "a/../.xxftp/password", "//.xxftp//password", "\\.xxftp\\password", "/.xxftp/size", "/a/../../.xxftp/permission",
            "incoming/.xxftp/size", "incoming/.xxftp", "incoming/../.xxftp/size", ".xxftp-part-planted",
            "incoming/.xxftp-part-1234", "a/.xxftp", "a/.xxftp/size", "%2e%2e/x", "%2exxftp/password",
            ".xxftp/new", ".xxftp%2fpassword"})
    void controlFilesAnswerLikeMissingOnesAndNeverChange(String spelling, TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw").size("alice", 1_000).permission("alice", "read,write,modify")
                .virtual("alice", "incoming $root/in read,write,modify")
                .file("alice/file.txt", "plain").dir("alice/a").file("alice/.xxftp-part-planted", "temporary")
                .file("alice/x", "x").size("in", 5_000);
        Map<String, byte[]> before = controlFiles(server.tree());
        List<String> homeBefore = stored(server.tree(), "alice");
        List<String> configBefore = stored(server.tree(), "alice/.xxftp");
        List<String> inBefore = stored(server.tree(), "in");

        FTPClient ftp = server.login("alice", "pw");
        byte[] evil = "999999999\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ftp.retrieveFile(spelling, new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).as("RETR").isEqualTo(550);
        assertThat(store(ftp, spelling, evil)).as("STOR").isEqualTo(550);
        assertThat(append(ftp, spelling, evil)).as("APPE").isEqualTo(550);
        ftp.setRestartOffset(1);
        assertThat(store(ftp, spelling, evil)).as("REST+STOR").isEqualTo(550);
        assertThat(send(ftp, "DELE", spelling)).as("DELE").isEqualTo(550);
        assertThat(send(ftp, "RNFR", spelling)).as("RNFR").isEqualTo(550);
        assertThat(send(ftp, "RNFR", "file.txt")).isEqualTo(350);
        assertThat(send(ftp, "RNTO", spelling)).as("RNTO").isEqualTo(550);
        assertThat(send(ftp, "MKD", spelling)).as("MKD").isEqualTo(550);
        assertThat(send(ftp, "RMD", spelling)).as("RMD").isEqualTo(550);
        assertThat(send(ftp, "CWD", spelling)).as("CWD").isEqualTo(550);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/");
        assertThat(send(ftp, "SIZE", spelling)).as("SIZE").isEqualTo(550);
        assertThat(send(ftp, "MDTM", spelling)).as("MDTM").isEqualTo(550);
        assertThat(ftp.listFiles(spelling)).isEmpty();
        assertThat(ftp.getReplyCode()).as("LIST").isEqualTo(550);
        assertThat(ftp.listNames(spelling)).isNull();
        assertThat(ftp.getReplyCode()).as("NLST").isEqualTo(550);
        ftp.disconnect();

        Map<String, byte[]> after = controlFiles(server.tree());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        assertThat(stored(server.tree(), "alice")).isEqualTo(homeBefore);
        assertThat(stored(server.tree(), "alice/.xxftp")).isEqualTo(configBefore);
        assertThat(stored(server.tree(), "in")).isEqualTo(inBefore);
        assertThat(stored(server.tree(), "alice/a")).isEmpty();
        assertThat(server.tree().read("alice/file.txt")).isEqualTo("plain");
        // the password and the quota still hold
        try (RawFtp raw = server.raw()) {
            assertThat(raw.login("alice", "pw").code()).isEqualTo(230);
        }
        FTPClient again = server.login("alice", "pw");
        assertThat(store(again, "big.bin", bytes(2_000, 50))).isEqualTo(552);
        again.disconnect();
    }

    private static Map<String, byte[]> controlFiles(TestTree tree) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of("alice/.xxftp/password", "alice/.xxftp/size", "alice/.xxftp/permission",
                "alice/.xxftp/virtual", "in/.xxftp/size", "alice/.xxftp-part-planted")) {
            files.put(name, tree.bytes(name));
        }
        return files;
    }

    @Test
    void controlFilesAndDotNamesAreNotListed(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "pw").size("alice", 1_000_000).virtual("alice", "incoming $root/in read,write")
                .file("alice/visible.txt", "v").file("alice/.hidden", "h").file("alice/.config/x", "x")
                .file("alice/.xxftp-part-planted", "t").file("alice/sub/.xxftp/size", "5").file("alice/sub/shown", "s")
                .file("in/in.txt", "i").size("in", 1_000_000);
        FTPClient ftp = server.login("alice", "pw");
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("incoming", "visible.txt", "sub");
        assertThat(ftp.listFiles()).extracting(FTPFile::getName).containsExactlyInAnyOrder("incoming", "visible.txt", "sub");
        assertThat(ftp.listFiles("-la")).extracting(FTPFile::getName).containsExactlyInAnyOrder("incoming", "visible.txt", "sub");
        assertThat(ftp.listFiles("-a /")).extracting(FTPFile::getName).containsExactlyInAnyOrder("incoming", "visible.txt", "sub");
        assertThat(ftp.listNames("sub")).containsExactly("shown");
        assertThat(ftp.listNames("incoming")).containsExactly("in.txt");
        assertThat(ftp.listFiles("-la incoming")).extracting(FTPFile::getName).containsExactly("in.txt");
        ftp.disconnect();
    }

    @Test
    void messageFilesAreUnreachableThroughAMountOfTheRoot(TestServer server) throws Exception {
        server.tree().file("xxftp.welcome", "Hello.\n").file("xxftp.goodbye", "Bye.\n")
                .userWithMd5("alice", "pw").file("alice/file.txt", "f")
                .virtual("alice", "all $root read,write,modify", "w $root/xxftp.welcome read", "c $root/alice/.xxftp read");
        FTPClient ftp = server.login("alice", "pw");
        assertThat(ftp.listNames()).containsExactlyInAnyOrder("all", "file.txt");
        assertThat(ftp.listNames("all")).contains("alice").doesNotContain("xxftp.welcome", "xxftp.goodbye");
        // mounts of a message file or of a .xxftp folder are skipped as malformed
        assertThat(ftp.retrieveFile("w", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        assertThat(ftp.retrieveFile("c/password", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        for (String path : new String[] {"all/xxftp.welcome", "all/XXFTP.WELCOME", "all/xxftp.goodbye", "/all/./xxftp.welcome",
                "all/alice/../xxftp.welcome", "all/alice/.xxftp/password", "all/Xxftp.Goodbye"}) {
            assertThat(ftp.retrieveFile(path, new ByteArrayOutputStream())).as("RETR " + path).isFalse();
            assertThat(ftp.getReplyCode()).as("RETR " + path).isEqualTo(550);
            assertThat(send(ftp, "SIZE", path)).as("SIZE " + path).isEqualTo(550);
            assertThat(store(ftp, path, "Owned.\n".getBytes(StandardCharsets.UTF_8))).as("STOR " + path).isEqualTo(550);
            assertThat(append(ftp, path, "Owned.\n".getBytes(StandardCharsets.UTF_8))).as("APPE " + path).isEqualTo(550);
            assertThat(send(ftp, "DELE", path)).as("DELE " + path).isEqualTo(550);
            assertThat(send(ftp, "RNFR", path)).as("RNFR " + path).isEqualTo(550);
            assertThat(send(ftp, "RNFR", "file.txt")).isEqualTo(350);
            assertThat(send(ftp, "RNTO", path)).as("RNTO " + path).isEqualTo(550);
            assertThat(send(ftp, "MKD", path)).as("MKD " + path).isEqualTo(550);
        }
        // the rest of the root is reachable as the mount allows
        assertThat(retrieve(ftp, "all/alice/file.txt")).isEqualTo("f".getBytes(StandardCharsets.UTF_8));
        ftp.disconnect();
        assertThat(server.tree().read("xxftp.welcome")).isEqualTo("Hello.\n");
        assertThat(server.tree().read("xxftp.goodbye")).isEqualTo("Bye.\n");
        assertThat(server.tree().read("alice/file.txt")).isEqualTo("f");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.greeting().text()).isEqualTo("220 Hello.");
        }
    }

    // --- links on a local disk

    @Test
    void linksOutOfTheRootAreNotFollowed(TestServer server, @TempDir Path outside) throws Exception {
        Path root = server.root();
        Files.writeString(outside.resolve("private.txt"), "outside");
        server.tree().userWithMd5("alice", "pw").file("alice/own.txt", "own");
        Files.createSymbolicLink(root.resolve("alice/out"), outside);
        Files.createSymbolicLink(root.resolve("alice/link.txt"), outside.resolve("private.txt"));
        Files.createSymbolicLink(root.resolve("alice/dangling"), outside.resolve("created.txt"));
        Files.createSymbolicLink(root.resolve("alice/relative"), Path.of("../../").resolve(outside.getFileName()));

        FTPClient ftp = server.login("alice", "pw");
        assertThat(ftp.listNames()).containsExactly("own.txt");
        assertThat(ftp.listFiles()).extracting(FTPFile::getName).containsExactly("own.txt");
        for (String dir : new String[] {"out", "relative"}) {
            assertThat(send(ftp, "CWD", dir)).as("CWD " + dir).isEqualTo(550);
            assertThat(ftp.listNames(dir)).as("NLST " + dir).isNull();
            assertThat(ftp.getReplyCode()).isEqualTo(550);
            assertThat(ftp.listFiles(dir)).as("LIST " + dir).isEmpty();
            assertThat(ftp.getReplyCode()).isEqualTo(550);
            assertThat(ftp.retrieveFile(dir + "/private.txt", new ByteArrayOutputStream())).isFalse();
            assertThat(ftp.getReplyCode()).as("RETR " + dir).isEqualTo(550);
            assertThat(store(ftp, dir + "/new.txt", new byte[] {1})).as("STOR " + dir).isEqualTo(550);
            assertThat(send(ftp, "MKD", dir + "/newdir")).as("MKD " + dir).isEqualTo(550);
            assertThat(send(ftp, "DELE", dir + "/private.txt")).as("DELE " + dir).isEqualTo(550);
            assertThat(send(ftp, "RMD", dir)).as("RMD " + dir).isEqualTo(550);
        }
        for (String file : new String[] {"link.txt", "dangling"}) {
            assertThat(ftp.retrieveFile(file, new ByteArrayOutputStream())).isFalse();
            assertThat(ftp.getReplyCode()).as("RETR " + file).isEqualTo(550);
            assertThat(send(ftp, "SIZE", file)).as("SIZE " + file).isEqualTo(550);
            assertThat(store(ftp, file, "overwritten".getBytes(StandardCharsets.UTF_8))).as("STOR " + file).isEqualTo(550);
            assertThat(append(ftp, file, "appended".getBytes(StandardCharsets.UTF_8))).as("APPE " + file).isEqualTo(550);
            assertThat(send(ftp, "DELE", file)).as("DELE " + file).isEqualTo(550);
            assertThat(send(ftp, "RNFR", file)).as("RNFR " + file).isEqualTo(550);
        }
        ftp.disconnect();
        assertThat(Files.readString(outside.resolve("private.txt"))).isEqualTo("outside");
        try (var list = Files.list(outside)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("private.txt");
        }
        assertThat(Files.isSymbolicLink(root.resolve("alice/link.txt"))).isTrue();
        assertThat(Files.isSymbolicLink(root.resolve("alice/out"))).isTrue();
    }

    @Test
    void linksOutOfTheHomeAreNotFollowed(TestServer server) throws Exception {
        Path root = server.root();
        server.tree().userWithMd5("alice", "pw").userWithMd5("bob", "b").file("bob/private.txt", "bob's");
        Files.createSymbolicLink(root.resolve("alice/tobob"), root.resolve("bob"));
        FTPClient ftp = server.login("alice", "pw");
        assertThat(ftp.retrieveFile("tobob/private.txt", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        assertThat(ftp.retrieveFile("tobob/.xxftp/password", new ByteArrayOutputStream())).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(550);
        ftp.disconnect();
    }
}
