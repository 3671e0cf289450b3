package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symbolic links planted on the disk (by another program or user) that lead to control files:
 * every command that touches a file answers as for a missing one, and nothing changes.
 * Local disk only (a bucket has no links); the storage-level tests, the race included, are
 * LocalStorageControlLinkTest and LocalStorageLinkRaceTest.
 */
@ExtendWith(XxftpServerExtension.class)
class LinkIT {

    /** Each link by the control file it leads to. */
    private static final Map<String, String> LINKS = Map.of(
            "pwlink", ".xxftp/password",
            "boblink", "../bob/.xxftp/password",
            "welcome", "../xxftp.welcome",
            "cfg", ".xxftp");

    private Path root;
    private Map<String, byte[]> before;

    @BeforeEach
    void plantLinks(TestServer server) throws IOException {
        server.tree().userWithMd5("alice", "pw").userWithMd5("bob", "bobs").file("xxftp.welcome", "hello\n")
                .file("alice/good.txt", "good");
        root = server.tree().root();
        for (Map.Entry<String, String> link : LINKS.entrySet()) {
            Files.createSymbolicLink(root.resolve("alice").resolve(link.getKey()), Path.of(link.getValue()));
        }
        before = snapshot();
    }

    private Map<String, byte[]> snapshot() throws IOException {
        return Map.of("alice", Files.readAllBytes(root.resolve("alice/.xxftp/password")),
                "bob", Files.readAllBytes(root.resolve("bob/.xxftp/password")),
                "welcome", Files.readAllBytes(root.resolve("xxftp.welcome")));
    }

    /** A transfer command with its data connection made, and what the server answered first. */
    private static RawFtp.Reply transfer(RawFtp ftp, String command, byte[] upload) throws IOException {
        int port = ftp.send("EPSV").epsvPort();
        try (Socket data = new Socket()) {
            data.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            RawFtp.Reply first = ftp.send(command);
            if (first.code() != 150) {
                return first;
            }
            OutputStream out = data.getOutputStream();
            out.write(upload);
            data.shutdownOutput();
            data.getInputStream().readAllBytes();
        }
        return ftp.read();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pwlink", "boblink", "welcome", "cfg/password"})
    void everyFileCommandThroughALinkToAControlFileIsAMissingFile(String name, TestServer server) throws Exception {
        try (RawFtp ftp = server.raw()) {
            assertThat(ftp.login("alice", "pw").code()).isEqualTo(230);
            for (String command : new String[] {"SIZE ", "MDTM ", "MLST ", "HASH ", "DELE ", "RNFR ", "MFMT 20200101000000 "}) {
                assertThat(ftp.send(command + name).code()).as(command + name).isEqualTo(550);
            }
            assertThat(ftp.send("RNFR good.txt").code()).isEqualTo(350);
            assertThat(ftp.send("RNTO " + name).code()).as("RNTO " + name).isEqualTo(550);
            for (String command : new String[] {"RETR ", "STOR ", "APPE "}) {
                assertThat(transfer(ftp, command + name, "overwritten".getBytes()).code()).as(command + name).isEqualTo(550);
            }
        }
        assertThat(snapshot()).usingRecursiveComparison().isEqualTo(before);
        assertThat(Files.readString(root.resolve("alice/good.txt"))).isEqualTo("good");
    }

    @Test
    void stouIntoALinkedControlFolderCreatesNothing(TestServer server) throws Exception {
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "pw");
            assertThat(transfer(ftp, "STOU cfg", "x".getBytes()).code()).isEqualTo(550);
            assertThat(ftp.send("CWD cfg").code()).isEqualTo(550);
            assertThat(ftp.send("MKD cfg/new").code()).isEqualTo(550);
        }
        try (var entries = Files.list(root.resolve("alice/.xxftp"))) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("password");
        }
        assertThat(snapshot()).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aListingShowsNoLinkToAControlFile(TestServer server) throws Exception {
        try (RawFtp ftp = server.raw()) {
            ftp.login("alice", "pw");
            int port = ftp.send("EPSV").epsvPort();
            String listing;
            try (Socket data = new Socket()) {
                data.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                assertThat(ftp.send("NLST").code()).isEqualTo(150);
                listing = new String(data.getInputStream().readAllBytes());
            }
            assertThat(ftp.read().code()).isEqualTo(226);
            assertThat(listing.lines()).containsExactly("good.txt");
        }
    }
}
