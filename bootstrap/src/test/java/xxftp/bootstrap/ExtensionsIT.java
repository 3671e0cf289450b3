package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.bootstrap.FtpTestSupport.bytes;
import static xxftp.bootstrap.FtpTestSupport.setModified;
import static xxftp.bootstrap.FtpTestSupport.stored;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extensions clients expect beyond RFC 959: MLSD/MLST (RFC 3659), MFMT, HASH and the
 * X-digests, STOU, STAT, SITE HELP, ASCII type, FEAT, and the quirks real clients send.
 */
@ExtendWith(XxftpServerExtension.class)
class ExtensionsIT {

    private static final String USER = "alice";
    private static final Instant KNOWN = Instant.parse("2021-03-04T05:06:07Z");
    private static final Pattern FACTS = Pattern.compile("((?:[a-z.]+=[^;]*;)*) (.+)");
    private static final Pattern LS = Pattern.compile("([-d])([-r][-w][-x]){3} +\\d+ +\\S+ +\\S+ +(\\d+) +\\w{3} +\\d{1,2} +[\\d:]+ (.+)");

    private static TestTree home(TestServer server) {
        return server.tree().userWithMd5(USER, "pw");
    }

    private static RawFtp rawAlice(TestServer server) throws Exception {
        RawFtp raw = server.raw();
        assertThat(raw.login(USER, "pw").code()).isEqualTo(230);
        return raw;
    }

    private static FTPClient alice(TestServer server) throws Exception {
        return server.login(USER, "pw");
    }

    /** A transfer over EPSV: the 150 (or the refusal), the final reply, and the bytes that came. */
    private record Transfer(RawFtp.Reply opening, RawFtp.Reply done, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static int epsvPort(RawFtp raw) throws Exception {
        RawFtp.Reply reply = raw.send("EPSV");
        assertThat(reply.code()).as(reply.text()).isEqualTo(229);
        Matcher port = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)").matcher(reply.text());
        assertThat(port.find()).isTrue();
        return Integer.parseInt(port.group(1));
    }

    private static Transfer download(RawFtp raw, String command) throws Exception {
        try (Socket data = new Socket("127.0.0.1", epsvPort(raw))) {
            data.setSoTimeout(10_000);
            RawFtp.Reply opening = raw.send(command);
            if (opening.code() != 150) {
                return new Transfer(opening, opening, new byte[0]);
            }
            byte[] bytes = data.getInputStream().readAllBytes();
            return new Transfer(opening, raw.read(), bytes);
        }
    }

    private static Transfer upload(RawFtp raw, String command, byte[] content) throws Exception {
        try (Socket data = new Socket("127.0.0.1", epsvPort(raw))) {
            RawFtp.Reply opening = raw.send(command);
            if (opening.code() != 150) {
                return new Transfer(opening, opening, new byte[0]);
            }
            OutputStream out = data.getOutputStream();
            out.write(content);
            out.flush();
            data.close();
            return new Transfer(opening, raw.read(), new byte[0]);
        }
    }

    /** MLSx entries by name: the facts of each. */
    private static Map<String, Map<String, String>> entries(List<String> lines) {
        return lines.stream().map(FACTS::matcher).peek(matcher -> assertThat(matcher.matches()).isTrue())
                .collect(Collectors.toMap(matcher -> matcher.group(2), matcher -> facts(matcher.group(1))));
    }

    private static Map<String, String> facts(String facts) {
        return Arrays.stream(facts.split(";")).filter(fact -> !fact.isEmpty())
                .collect(Collectors.toMap(fact -> fact.substring(0, fact.indexOf('=')), fact -> fact.substring(fact.indexOf('=') + 1)));
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        if (algorithm.equals("CRC32")) {
            CRC32 crc = new CRC32();
            crc.update(content);
            return HexFormat.of().toHexDigits((int) crc.getValue());
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

    // --- MLSD, MLST (RFC 3659 7)

    @Test
    void mlsdListsEntriesWithFactsOverTheDataConnection(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/docs/inner.txt", "in").file("alice/grüße é.txt", "x")
                .file("alice/.hidden", "h");
        setModified(server.tree(), "alice/a.txt", KNOWN);
        String aUnique;
        try (RawFtp raw = rawAlice(server)) {
            Transfer top = download(raw, "MLSD");
            assertThat(top.done().code()).as(top.done().text()).isEqualTo(226);
            assertThat(top.text()).endsWith("\r\n").doesNotContain("\n\n");
            assertThat(top.text().split("\r\n")).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
            List<String> lines = top.text().lines().toList();
            // the listed directory itself comes first, as cdir; the home has no parent to show
            assertThat(lines.getFirst()).startsWith("type=cdir;").endsWith("; .");
            Map<String, Map<String, String>> byName = entries(lines);
            assertThat(byName.keySet()).containsExactlyInAnyOrder(".", "a.txt", "docs", "grüße é.txt");

            Map<String, String> a = byName.get("a.txt");
            assertThat(a).containsEntry("type", "file").containsEntry("size", "5").containsEntry("perm", "rwadf")
                    .containsOnlyKeys("type", "size", "modify", "perm", "unique");
            assertThat(a.get("modify")).matches("\\d{14}");
            assertThat(a.get("unique")).matches("[0-9a-f]{16}");
            aUnique = a.get("unique");
            if (server.tree().isLocal()) {
                assertThat(a.get("modify")).isEqualTo("20210304050607");
            }
            Map<String, String> docs = byName.get("docs");
            assertThat(docs).containsEntry("type", "dir").containsEntry("perm", "elcmpdf").doesNotContainKey("size");
            // the home is a mount point: never deleted nor renamed
            assertThat(byName.get(".")).containsEntry("perm", "elcmp");
            assertThat(byName.get("grüße é.txt")).containsEntry("size", "1");

            Transfer inner = download(raw, "MLSD docs");
            assertThat(inner.done().code()).isEqualTo(226);
            Map<String, Map<String, String>> innerByName = entries(inner.text().lines().toList());
            assertThat(innerByName.keySet()).containsExactlyInAnyOrder(".", "..", "inner.txt");
            assertThat(innerByName.get(".")).containsEntry("type", "cdir").containsEntry("unique", docs.get("unique"));
            assertThat(innerByName.get("..")).containsEntry("type", "pdir").containsEntry("unique", byName.get(".").get("unique"));
            assertThat(innerByName.get("inner.txt")).containsEntry("type", "file").containsEntry("size", "2");

            // the same entry has the same token in MLST as in MLSD, and in every session
            RawFtp.Reply mlst = raw.send("MLST /docs");
            assertThat(entries(List.of(mlst.lines().get(1).substring(1))).get("/docs")).containsEntry("unique", docs.get("unique"));
        }
        try (RawFtp again = rawAlice(server)) {
            assertThat(entries(download(again, "MLSD").text().lines().toList()).get("a.txt").get("unique"))
                    .isEqualTo(aUnique);
        }
    }

    @Test
    void mlsdParsesInCommonsNet(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/b.bin", bytes(1234, 1)).file("alice/docs/inner.txt", "in");
        FTPClient ftp = alice(server);
        FTPFile[] files = Arrays.stream(ftp.mlistDir()).filter(f -> !f.getName().equals(".") && !f.getName().equals(".."))
                .toArray(FTPFile[]::new);
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        assertThat(files).extracting(FTPFile::getName).containsExactlyInAnyOrder("a.txt", "b.bin", "docs");
        FTPFile b = Arrays.stream(files).filter(f -> f.getName().equals("b.bin")).findFirst().orElseThrow();
        assertThat(b.isFile()).isTrue();
        assertThat(b.getSize()).isEqualTo(1234);
        assertThat(b.hasPermission(FTPFile.USER_ACCESS, FTPFile.READ_PERMISSION)).isTrue();
        assertThat(Arrays.stream(files).filter(f -> f.getName().equals("docs")).findFirst().orElseThrow().isDirectory()).isTrue();
        assertThat(ftp.mlistDir("docs")).extracting(FTPFile::getName).contains("inner.txt");

        FTPFile one = ftp.mlistFile("docs/inner.txt");
        assertThat(ftp.getReplyCode()).isEqualTo(250);
        assertThat(one.getName()).isEqualTo("/docs/inner.txt");
        assertThat(one.getSize()).isEqualTo(2);
        assertThat(one.isFile()).isTrue();
        ftp.disconnect();
    }

    @Test
    void mlsdOfAFileIs501AndOfMissing550(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345");
        try (RawFtp raw = rawAlice(server)) {
            // RFC 3659 7: MLSD names a directory; for a file, MLST
            assertThat(download(raw, "MLSD a.txt").opening().code()).isEqualTo(501);
            assertThat(download(raw, "MLSD missing").opening().code()).isEqualTo(550);
            assertThat(download(raw, "MLSD .xxftp").opening().code()).isEqualTo(550);
            assertThat(raw.send("MLST missing").code()).isEqualTo(550);
            assertThat(raw.send("MLST .xxftp/password").code()).isEqualTo(550);
            assertThat(raw.send("NOOP").code()).isEqualTo(200);
        }
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("MLSD").code()).isEqualTo(530);
            assertThat(raw.send("MLST").code()).isEqualTo(530);
        }
    }

    @Test
    void mlstDescribesOneEntryOverTheControlConnection(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/docs/inner.txt", "in");
        setModified(server.tree(), "alice/a.txt", KNOWN);
        try (RawFtp raw = rawAlice(server)) {
            RawFtp.Reply file = raw.send("MLST a.txt");
            // RFC 3659 7.2: 250-, one entry starting with a space, 250 End; the path made absolute
            assertThat(file.lines()).hasSize(3);
            assertThat(file.lines().getFirst()).startsWith("250-");
            assertThat(file.lines().get(1)).startsWith(" type=file;size=5;modify=20210304050607;perm=rwadf;unique=")
                    .endsWith("; /a.txt");
            assertThat(file.lines().getLast()).isEqualTo("250 End");

            RawFtp.Reply dir = raw.send("MLST docs");
            assertThat(dir.lines().get(1)).startsWith(" type=dir;modify=").contains(";perm=elcmpdf;").endsWith("; /docs");
            assertThat(raw.send("CWD docs").code()).isEqualTo(250);
            // no argument: the working directory itself
            assertThat(raw.send("MLST").lines().get(1)).startsWith(" type=dir;").endsWith("; /docs");
            assertThat(raw.send("MLST inner.txt").lines().get(1)).contains("size=2;").endsWith("; /docs/inner.txt");
            assertThat(raw.send("MLST /").lines().get(1)).contains("perm=elcmp;").endsWith("; /");
        }
    }

    @Test
    void mlsxPermAndTypeFollowTheRightsAndMounts(TestServer server) throws Exception {
        home(server).permission(USER, "read").file("alice/a.txt", "a").dir("alice/sub")
                .virtual(USER, "drop $root/dropbox write", "all $root/shared read,write,modify")
                .dir("dropbox").file("shared/s.txt", "s");
        try (RawFtp raw = rawAlice(server)) {
            Map<String, Map<String, String>> top = entries(download(raw, "MLSD").text().lines().toList());
            assertThat(top.get(".")).containsEntry("perm", "el");
            assertThat(top.get("a.txt")).containsEntry("perm", "r");
            assertThat(top.get("sub")).containsEntry("type", "dir").containsEntry("perm", "el");
            // mounts are directories with their own rights, never deleted nor renamed
            assertThat(top.get("drop")).containsEntry("type", "dir").containsEntry("perm", "elc");
            assertThat(top.get("all")).containsEntry("type", "dir").containsEntry("perm", "elcmp");
            Map<String, Map<String, String>> all = entries(download(raw, "MLSD all").text().lines().toList());
            assertThat(all.get("s.txt")).containsEntry("perm", "rwadf");
            assertThat(all.get("..")).containsEntry("perm", "el");
            assertThat(raw.send("MLST drop").lines().get(1)).contains("perm=elc;");
        }
    }

    @Test
    void optsMlstSelectsTheFactsThatFeatStars(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("FEAT").lines()).contains(" MLST type*;size*;modify*;perm*;unique*;");
            assertThat(raw.send("OPTS MLST size;Type;unix.mode;").text()).isEqualTo("200 MLST OPTS type;size;");
            assertThat(raw.send("MLST a.txt").lines().get(1)).isEqualTo(" type=file;size=5; /a.txt");
            assertThat(download(raw, "MLSD").text()).isEqualTo("type=cdir; .\r\ntype=file;size=5; a.txt\r\n");
            assertThat(raw.send("FEAT").lines()).contains(" MLST type*;size*;modify;perm;unique;");
            // no facts at all: the entry is a space and the name
            assertThat(raw.send("OPTS MLST").text()).isEqualTo("200 MLST OPTS");
            assertThat(raw.send("MLST a.txt").lines().get(1)).isEqualTo("  /a.txt");
            assertThat(raw.send("OPTS MLST type;size;modify;perm;unique;").code()).isEqualTo(200);
            assertThat(raw.send("MLST a.txt").lines().get(1)).startsWith(" type=file;size=5;modify=");
        }
    }

    // --- MFMT (draft-somers-ftp-mfxx)

    @Test
    void mfmtSetsTheTimeThatMdtmAndMlstShow(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/docs/b.txt", "b");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("MFMT 20200102030405 a.txt").text()).isEqualTo("213 Modify=20200102030405; a.txt");
            assertThat(raw.send("MDTM a.txt").text()).isEqualTo("213 20200102030405");
            assertThat(raw.send("MLST a.txt").lines().get(1)).contains(";modify=20200102030405;");
            assertThat(raw.send("MFMT 19991231235958.750 /docs/b.txt").text()).isEqualTo("213 Modify=19991231235958; /docs/b.txt");
            assertThat(raw.send("MDTM docs/b.txt").text()).isEqualTo("213 19991231235958");
            if (server.tree().isLocal()) {
                // a bucket's listing shows S3's own LastModified (README, "Serving a bucket")
                String listing = download(raw, "LIST").text();
                assertThat(listing.lines().filter(line -> line.endsWith(" a.txt")).findFirst().orElseThrow())
                        .contains(" Jan 02  2020 a.txt");
                assertThat(entries(download(raw, "MLSD").text().lines().toList()).get("a.txt"))
                        .containsEntry("modify", "20200102030405");
            }
            for (String bad : List.of("MFMT 2020010203040 a.txt", "MFMT 20201302030405 a.txt", "MFMT 20200230000000 a.txt",
                    "MFMT 20200102030405", "MFMT a.txt 20200102030405", "MFMT")) {
                assertThat(raw.send(bad).code()).as(bad).isEqualTo(501);
            }
            assertThat(raw.send("MFMT 20200102030405 missing.txt").code()).isEqualTo(550);
            assertThat(raw.send("MDTM a.txt").text()).isEqualTo("213 20200102030405");
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.setModificationTime("docs/b.txt", "20220607080910")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(213);
        assertThat(ftp.getModificationTime("docs/b.txt")).isEqualTo("20220607080910");
        ftp.disconnect();
    }

    @Test
    void mfmtNeedsModify(TestServer server) throws Exception {
        home(server).permission(USER, "read,write").file("alice/a.txt", "a");
        setModified(server.tree(), "alice/a.txt", KNOWN);
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("MFMT 20200102030405 a.txt").code()).isEqualTo(550);
            assertThat(raw.send("MDTM a.txt").text()).isEqualTo("213 20210304050607");
            // the home itself is a mount point
            assertThat(raw.send("MFMT 20200102030405 /").code()).isEqualTo(550);
        }
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("MFMT 20200102030405 a.txt").code()).isEqualTo(530);
        }
    }

    // --- HASH (draft-bryan-ftpext-hash-02) and the X-digests

    @Test
    void hashAnswersTheSelectedDigestOfTheWholeFile(TestServer server) throws Exception {
        byte[] big = bytes(200_000, 7);
        home(server).file("alice/big.bin", big).file("alice/empty.txt", new byte[0]).file("alice/docs/é x.txt", "abc");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("OPTS HASH").text()).isEqualTo("200 SHA-256");
            assertThat(raw.send("HASH big.bin").text()).isEqualTo("213 SHA-256 0-199999 " + hex("SHA-256", big) + " big.bin");
            // an empty file has no last byte
            assertThat(raw.send("HASH empty.txt").text()).isEqualTo("213 SHA-256 0-0 " + hex("SHA-256", new byte[0]) + " empty.txt");
            assertThat(raw.send("HASH /docs/é x.txt").text())
                    .isEqualTo("213 SHA-256 0-2 " + hex("SHA-256", "abc".getBytes(StandardCharsets.UTF_8)) + " /docs/é x.txt");

            // asked for in any letter case, answered by its name; CRC32 stays selected
            for (List<String> algorithm : List.of(List.of("SHA-1", "SHA-1"), List.of("md5", "MD5"), List.of("crc32", "CRC32"))) {
                String name = algorithm.get(1);
                assertThat(raw.send("OPTS HASH " + algorithm.get(0)).text()).isEqualTo("200 " + name);
                assertThat(raw.send("OPTS HASH").text()).isEqualTo("200 " + name);
                assertThat(raw.send("HASH big.bin").text()).isEqualTo("213 " + name + " 0-199999 " + hex(name, big) + " big.bin");
            }
            assertThat(raw.send("FEAT").lines()).contains(" HASH SHA-256;SHA-1;MD5;CRC32*");
            // an unknown algorithm changes nothing
            assertThat(raw.send("OPTS HASH SHA-512").code()).isEqualTo(501);
            assertThat(raw.send("OPTS HASH").text()).isEqualTo("200 CRC32");
            assertThat(raw.send("OPTS HASH SHA-256").code()).isEqualTo(200);
            assertThat(raw.send("FEAT").lines()).contains(" HASH SHA-256*;SHA-1;MD5;CRC32");

            assertThat(raw.send("HASH missing").code()).isEqualTo(550);
            assertThat(raw.send("HASH docs").code()).isEqualTo(550);
            assertThat(raw.send("HASH .xxftp/password").code()).isEqualTo(550);
            assertThat(raw.send("HASH").code()).isEqualTo(501);
        }
    }

    @Test
    void legacyDigestsAnswer250WithTheHex(TestServer server) throws Exception {
        byte[] big = bytes(100_000, 8);
        home(server).file("alice/big.bin", big);
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("XMD5 big.bin").text()).isEqualTo("250 " + hex("MD5", big));
            assertThat(raw.send("XSHA1 big.bin").text()).isEqualTo("250 " + hex("SHA-1", big));
            assertThat(raw.send("XSHA256 /big.bin").text()).isEqualTo("250 " + hex("SHA-256", big));
            assertThat(raw.send("XCRC big.bin").text()).isEqualTo("250 " + hex("CRC32", big));
            for (String verb : List.of("XMD5", "XSHA1", "XSHA256", "XCRC")) {
                assertThat(raw.send(verb + " missing").code()).as(verb).isEqualTo(550);
                assertThat(raw.send(verb).code()).as(verb).isEqualTo(501);
            }
        }
    }

    @Test
    void digestsNeedRead(TestServer server) throws Exception {
        home(server).permission(USER, "write").file("alice/a.txt", "secret");
        try (RawFtp raw = rawAlice(server)) {
            for (String command : List.of("HASH a.txt", "XMD5 a.txt", "XSHA1 a.txt", "XSHA256 a.txt", "XCRC a.txt")) {
                assertThat(raw.send(command).code()).as(command).isEqualTo(550);
            }
        }
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("HASH a.txt").code()).isEqualTo(530);
            assertThat(raw.send("XMD5 a.txt").code()).isEqualTo(530);
            // choosing the algorithm is allowed before login, as FEAT is
            assertThat(raw.send("OPTS HASH MD5").text()).isEqualTo("200 MD5");
        }
    }

    // --- STOU (RFC 959 4.1.3, RFC 1123 4.1.2.9)

    @Test
    void stouStoresUnderANewNameNamedInThe150(TestServer server) throws Exception {
        home(server).file("alice/keep.txt", "keep").dir("alice/docs");
        byte[] first = bytes(70_000, 1);
        byte[] second = bytes(500, 2);
        try (RawFtp raw = rawAlice(server)) {
            Transfer one = upload(raw, "STOU", first);
            assertThat(one.done().code()).isEqualTo(226);
            Matcher name = Pattern.compile("150 FILE: (\\S+)").matcher(one.opening().text());
            assertThat(name.matches()).as(one.opening().text()).isTrue();
            assertThat(server.tree().bytes("alice/" + name.group(1))).isEqualTo(first);

            Transfer two = upload(raw, "STOU", second);
            String secondName = two.opening().text().substring("150 FILE: ".length());
            assertThat(secondName).isNotEqualTo(name.group(1));
            assertThat(server.tree().bytes("alice/" + secondName)).isEqualTo(second);

            // a directory given: the name is shown with it
            Transfer inDocs = upload(raw, "STOU docs", second);
            assertThat(inDocs.done().code()).isEqualTo(226);
            assertThat(inDocs.opening().text()).matches("150 FILE: /docs/\\S+");
            assertThat(server.tree().bytes("alice" + inDocs.opening().text().substring("150 FILE: ".length()))).isEqualTo(second);

            assertThat(upload(raw, "STOU missing", second).opening().code()).isEqualTo(550);
            assertThat(upload(raw, "STOU keep.txt", second).opening().code()).isEqualTo(550);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.storeUniqueFile(new ByteArrayInputStream(second))).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(226);
        ftp.disconnect();
        assertThat(stored(server.tree(), "alice")).hasSize(6).contains(".xxftp", "docs", "keep.txt");
        assertThat(server.tree().read("alice/keep.txt")).isEqualTo("keep");
        assertThat(stored(server.tree(), "alice/docs")).hasSize(1);
    }

    @Test
    void stouNeedsWriteAndWorksInADropBox(TestServer server) throws Exception {
        home(server).permission(USER, "write").dir("alice/in");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(upload(raw, "STOU in", "dropped".getBytes(StandardCharsets.UTF_8)).done().code()).isEqualTo(226);
        }
        assertThat(stored(server.tree(), "alice/in")).singleElement().satisfies(name ->
                assertThat(server.tree().read("alice/in/" + name)).isEqualTo("dropped"));
        server.tree().userWithMd5("bob", "pw").permission("bob", "read,modify");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.login("bob", "pw").code()).isEqualTo(230);
            assertThat(upload(raw, "STOU", new byte[] {1}).opening().code()).isEqualTo(550);
        }
        assertThat(stored(server.tree(), "bob")).containsExactly(".xxftp");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("STOU").code()).isEqualTo(530);
        }
        assertThat(stored(server.tree(), "alice")).containsExactly(".xxftp", "in");
    }

    // --- STAT (RFC 959 4.1.3)

    @Test
    void statWithoutArgumentIsTheSessionsStatus(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = server.raw()) {
            RawFtp.Reply before = raw.send("STAT");
            assertThat(before.lines().getFirst()).startsWith("211-");
            assertThat(before.lines().getLast()).isEqualTo("211 End of status");
            assertThat(before.text()).contains("Connected from 127.0.0.1", "Not logged in", "No transfer in progress");
            assertThat(raw.send("STAT /").code()).as("a path needs login").isEqualTo(530);

            assertThat(raw.login(USER, "pw").code()).isEqualTo(230);
            RawFtp.Reply after = raw.send("STAT");
            assertThat(after.text()).contains("Logged in as alice", "TYPE: BINARY", "Data connection: none");
            raw.send("TYPE A");
            epsvPort(raw);
            assertThat(raw.send("STAT").text()).contains("TYPE: ASCII", "Data connection: passive");
        }
    }

    @Test
    void statIsAnsweredDuringATransfer(TestServer server) throws Exception {
        home(server);
        byte[] part = bytes(10_000, 3);
        try (RawFtp raw = rawAlice(server); Socket data = new Socket("127.0.0.1", epsvPort(raw))) {
            assertThat(raw.send("STOR slow.bin").code()).isEqualTo(150);
            OutputStream out = data.getOutputStream();
            out.write(part);
            out.flush();
            // the upload is still open: STAT answers at once, beside it
            RawFtp.Reply status = raw.send("STAT");
            assertThat(status.code()).isEqualTo(211);
            assertThat(status.text()).contains("A transfer is in progress");
            out.write(part);
            data.close();
            assertThat(raw.read().code()).isEqualTo(226);
            assertThat(raw.send("STAT").text()).contains("No transfer in progress");
        }
        byte[] both = new byte[2 * part.length];
        System.arraycopy(part, 0, both, 0, part.length);
        System.arraycopy(part, 0, both, part.length, part.length);
        assertThat(server.tree().bytes("alice/slow.bin")).isEqualTo(both);
    }

    @Test
    void statWithAPathListsOverTheControlConnection(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/docs/inner.txt", "in");
        try (RawFtp raw = rawAlice(server)) {
            RawFtp.Reply top = raw.send("STAT /");
            assertThat(top.lines().getFirst()).isEqualTo("213-Status of /:");
            assertThat(top.lines().getLast()).isEqualTo("213 End of status");
            List<String> listed = top.lines().subList(1, top.lines().size() - 1);
            assertThat(listed).hasSize(2).allSatisfy(line -> assertThat(LS.matcher(line).matches()).as(line).isTrue());
            Function<String, Matcher> line = name -> listed.stream().map(LS::matcher).filter(Matcher::matches)
                    .filter(matcher -> matcher.group(4).equals(name)).findFirst().orElseThrow();
            assertThat(line.apply("a.txt").group(3)).isEqualTo("5");
            assertThat(line.apply("docs").group(1)).isEqualTo("d");

            assertThat(raw.send("STAT -la docs").lines()).hasSize(3).element(1).asString().endsWith(" inner.txt");
            assertThat(raw.send("STAT docs/inner.txt").lines()).hasSize(3).element(1).asString().matches("-.*\\s2 .* inner\\.txt");
            assertThat(raw.send("STAT missing").code()).isEqualTo(550);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.getStatus("docs")).contains("inner.txt");
        assertThat(ftp.getReplyCode()).isEqualTo(213);
        assertThat(ftp.getStatus()).contains("Logged in as alice");
        assertThat(ftp.getReplyCode()).isEqualTo(211);
        ftp.disconnect();
    }

    // --- HELP, SITE HELP

    @Test
    void helpListsTheNewVerbsAndSiteHelpTheSiteCommands(TestServer server) throws Exception {
        home(server);
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("HELP").text()).contains("MLSD", "MLST", "STAT", "STOU", "HASH", "XMD5", "XCRC", "MFMT", "SITE");
            assertThat(raw.send("HELP mfmt").text()).isEqualTo("214 Syntax: MFMT <sp> YYYYMMDDHHMMSS <sp> pathname");
            assertThat(raw.send("SITE HELP").code()).isEqualTo(530);
        }
        try (RawFtp raw = rawAlice(server)) {
            RawFtp.Reply site = raw.send("SITE HELP");
            assertThat(site.code()).isEqualTo(214);
            assertThat(site.lines()).contains(" HELP (list SITE commands)");
            assertThat(site.lines().getLast()).isEqualTo("214 Help OK.");
            assertThat(raw.send("site help").code()).isEqualTo(214);
            // RFC 959: 504 "Command not implemented for that parameter"
            assertThat(raw.send("SITE CHMOD 777 a.txt").code()).isEqualTo(504);
            assertThat(raw.send("SITE UTIME 20200102030405 a.txt").code()).isEqualTo(504);
            assertThat(raw.send("SITE").code()).isEqualTo(501);
        }
        FTPClient ftp = alice(server);
        assertThat(ftp.listHelp()).contains("MLSD");
        assertThat(ftp.sendSiteCommand("HELP")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(214);
        ftp.disconnect();
    }

    // --- TYPE A (RFC 959 3.1.1.1)

    @Test
    void typeAConvertsLineEndsAndTypeIKeepsBytes(TestServer server) throws Exception {
        byte[] unix = "one\ntwo\r\nthree\rfour\n".getBytes(StandardCharsets.US_ASCII);
        home(server).file("alice/text.txt", unix);
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("TYPE A").code()).isEqualTo(200);
            Transfer ascii = download(raw, "RETR text.txt");
            assertThat(ascii.opening().text()).contains("ASCII");
            assertThat(ascii.done().code()).isEqualTo(226);
            // a bare LF goes out as CRLF; a CRLF stays one; a CR alone stays
            assertThat(ascii.text()).isEqualTo("one\r\ntwo\r\nthree\rfour\r\n");

            Transfer stored = upload(raw, "STOR up.txt", "a\r\nb\r\n\r\nc\rd\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(stored.done().code()).isEqualTo(226);
            assertThat(server.tree().read("alice/up.txt")).isEqualTo("a\nb\n\nc\rd\n");
            assertThat(upload(raw, "APPE up.txt", "e\r\n".getBytes(StandardCharsets.US_ASCII)).done().code()).isEqualTo(226);
            assertThat(server.tree().read("alice/up.txt")).isEqualTo("a\nb\n\nc\rd\ne\n");

            assertThat(raw.send("TYPE I").code()).isEqualTo(200);
            Transfer binary = download(raw, "RETR text.txt");
            assertThat(binary.opening().text()).contains("BINARY");
            assertThat(binary.data()).isEqualTo(unix);
            assertThat(upload(raw, "STOR bin.txt", "x\r\n".getBytes(StandardCharsets.US_ASCII)).done().code()).isEqualTo(226);
            assertThat(server.tree().read("alice/bin.txt")).isEqualTo("x\r\n");

            assertThat(raw.send("TYPE L 8").code()).isEqualTo(200);
            assertThat(download(raw, "RETR text.txt").data()).isEqualTo(unix);
        }
    }

    @Test
    void typeAMovesBigFilesAndListingsAreAlwaysCrlf(TestServer server) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        byte[] unix = text.toString().getBytes(StandardCharsets.US_ASCII);
        home(server).file("alice/big.txt", unix);
        FTPClient ftp = alice(server);
        assertThat(ftp.setFileType(FTP.ASCII_FILE_TYPE)).isTrue();
        java.io.ByteArrayOutputStream down = new java.io.ByteArrayOutputStream();
        assertThat(ftp.retrieveFile("big.txt", down)).isTrue();
        // Commons Net turns the network's CRLF into the local line end
        assertThat(down.toString(StandardCharsets.US_ASCII)).isEqualTo(text.toString().replace("\n", System.lineSeparator()));
        assertThat(ftp.storeFile("copy.txt", new ByteArrayInputStream(unix))).isTrue();
        ftp.disconnect();
        assertThat(server.tree().bytes("alice/copy.txt")).isEqualTo(unix);

        try (RawFtp raw = rawAlice(server)) {
            for (String type : List.of("TYPE I", "TYPE A")) {
                raw.send(type);
                for (String listing : List.of("LIST", "NLST", "MLSD")) {
                    String lines = download(raw, listing).text();
                    assertThat(lines).as(type + " " + listing).endsWith("\r\n");
                    assertThat(lines.replace("\r\n", "")).as(type + " " + listing).doesNotContain("\n", "\r");
                }
            }
        }
    }

    // --- FEAT (RFC 2389)

    @Test
    void featListsExactlyTheImplementedExtensions(TestServer server) throws Exception {
        try (RawFtp raw = server.raw()) {
            RawFtp.Reply feat = raw.send("FEAT");
            assertThat(feat.lines().getFirst()).isEqualTo("211-Extensions supported:");
            assertThat(feat.lines().getLast()).isEqualTo("211 End");
            List<String> features = feat.lines().subList(1, feat.lines().size() - 1).stream()
                    // FTPS (AUTH TLS, PBSZ, PROT) is tested with TLS itself
                    .filter(line -> !line.startsWith(" AUTH") && !line.equals(" PBSZ") && !line.equals(" PROT"))
                    .toList();
            assertThat(features).containsExactly(" EPRT", " EPSV", " HASH SHA-256*;SHA-1;MD5;CRC32", " MDTM", " MFMT",
                    " MLST type*;size*;modify*;perm*;unique*;", " PASV", " REST STREAM", " SIZE", " TVFS", " UTF8");
        }
        FTPClient ftp = server.connect();
        assertThat(ftp.hasFeature("MLST")).isTrue();
        assertThat(ftp.hasFeature("HASH")).isTrue();
        assertThat(ftp.hasFeature("MFMT")).isTrue();
        assertThat(ftp.hasFeature("TVFS")).isTrue();
        ftp.disconnect();
    }

    /** RFC 3659 6: TVFS, "/"-separated paths from the home, ".." and "." anywhere. */
    @Test
    void tvfsPathsWorkInEveryCommand(TestServer server) throws Exception {
        home(server).file("alice/a/b/c.txt", "deep").dir("alice/x");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(raw.send("CWD /a/b").code()).isEqualTo(250);
            assertThat(download(raw, "RETR ../b/./c.txt").text()).isEqualTo("deep");
            assertThat(download(raw, "RETR /a/b/c.txt").text()).isEqualTo("deep");
            assertThat(raw.send("SIZE ../../a/b/c.txt").text()).isEqualTo("213 4");
            assertThat(raw.send("MLST ./c.txt").lines().get(1)).endsWith("; /a/b/c.txt");
            assertThat(raw.send("RNFR /a/b/c.txt").code()).isEqualTo(350);
            assertThat(raw.send("RNTO ../../x/c.txt").code()).isEqualTo(250);
        }
        assertThat(server.tree().read("alice/x/c.txt")).isEqualTo("deep");
    }

    // --- what real clients send

    @Test
    void quirksOfRealClients(TestServer server) throws Exception {
        home(server).file("alice/a.txt", "12345").file("alice/docs/inner.txt", "in").file("alice/.hidden", "h");
        try (RawFtp raw = rawAlice(server)) {
            assertThat(download(raw, "LIST -al docs").text().lines().toList()).singleElement().asString().endsWith(" inner.txt");
            assertThat(download(raw, "LIST -la").text().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList())
                    .containsExactlyInAnyOrder("a.txt", "docs");
            assertThat(download(raw, "LIST -a -l docs").text()).contains(" inner.txt");
            // NLST or LIST of a single file: that one entry
            assertThat(download(raw, "NLST docs/inner.txt").text()).isEqualTo("inner.txt\r\n");
            assertThat(download(raw, "LIST docs/inner.txt").text().lines().toList()).singleElement().asString()
                    .matches("-r.*\\s2 .* inner\\.txt");
            assertThat(raw.send("CWD a.txt").code()).isEqualTo(550);
            assertThat(raw.send("PWD").text()).isEqualTo("257 \"/\" is the current directory.");
        }
    }
}
