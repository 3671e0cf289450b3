package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Permission;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.tree.UserTree;

/** Handlers that call the domain once, with the user's tree mocked: what they ask it, and what they answer. */
class StatusAndFileCommandsTest {

    private static final Instant LONG_AGO = Instant.parse("2001-02-03T04:05:06Z");

    private final SessionHarness harness = new SessionHarness();

    private static VirtualPath path(String spelling) {
        return VirtualPath.ROOT.resolve(spelling);
    }

    @Test
    void statWithoutArgumentDescribesTheSession() {
        assertThat(harness.send("STAT")).isEqualTo("211-xxftp status:\r\n Connected from 127.0.0.1\r\n Not logged in\r\n"
                + " TYPE: BINARY, MODE: Stream, STRU: File\r\n Data connection: none set up\r\n No transfer in progress\r\n"
                + "211 End of status\r\n");
        harness.logIn();
        harness.send("TYPE A");
        harness.send("PORT 127,0,0,1,4,0");
        assertThat(harness.send("STAT")).isEqualTo("211-xxftp status:\r\n Connected from 127.0.0.1\r\n Logged in as alice\r\n"
                + " TYPE: ASCII, MODE: Stream, STRU: File\r\n Data connection: active, set up\r\n No transfer in progress\r\n"
                + "211 End of status\r\n");
    }

    @Test
    void statWithAPathListsItOverTheControlConnection() {
        harness.logIn();
        when(harness.tree.list(path("/docs"))).thenReturn(Stream.of(
                new UserTree.Listed(new Entry("a.txt", Entry.Kind.FILE, 1234, LONG_AGO), Permission.ALL, false),
                new UserTree.Listed(new Entry("226 sub", Entry.Kind.DIRECTORY, 0, LONG_AGO), Permission.ALL, false)));
        assertThat(harness.send("STAT -la docs")).isEqualTo("213-Status of /docs:\r\n"
                + "-rw-rw-rw- 1 ftp ftp          1234 Feb 03  2001 a.txt\r\n"
                + "drwxrwxrwx 1 ftp ftp             0 Feb 03  2001 226 sub\r\n"
                + "213 End of status\r\n");
    }

    @Test
    void pwdCwdAndCdupMoveTheWorkingDirectoryTheTreeAccepts() {
        harness.logIn();
        assertThat(harness.send("PWD")).isEqualTo("257 \"/\" is the current directory.\r\n");
        assertThat(harness.send("CWD docs")).isEqualTo("250 Directory changed to /docs.\r\n");
        verify(harness.tree).directory(path("/docs"));
        assertThat(harness.send("XCWD \"q\"")).isEqualTo("250 Directory changed to /docs/\"q\".\r\n");
        assertThat(harness.send("XPWD")).isEqualTo("257 \"/docs/\"\"q\"\"\" is the current directory.\r\n");
        assertThat(harness.send("CDUP")).isEqualTo("250 Directory changed to /docs.\r\n");

        when(harness.tree.directory(path("/docs/missing"))).thenThrow(new Failure.NotFound("/docs/missing"));
        assertThat(harness.send("CWD missing")).isEqualTo("550 No such file or directory.\r\n");
        assertThat(harness.session.cwd()).isEqualTo(path("/docs"));
    }

    @Test
    void mkdQuotesTheNewPathAndRmdAndDeleAnswer250() {
        harness.logIn();
        harness.send("CWD docs");
        assertThat(harness.send("MKD new dir")).isEqualTo("257 \"/docs/new dir\" created.\r\n");
        verify(harness.tree).makeDirectory(path("/docs/new dir"));
        assertThat(harness.send("XRMD /old")).isEqualTo("250 Directory removed.\r\n");
        verify(harness.tree).removeDirectory(path("/old"));
        assertThat(harness.send("DELE a.txt")).isEqualTo("250 File deleted.\r\n");
        verify(harness.tree).delete(path("/docs/a.txt"));
    }

    @Test
    void rnfrThenRntoRenamesAndAFailedRnfrLeavesNothingForRnto() {
        harness.logIn();
        assertThat(harness.send("RNFR a.txt")).isEqualTo("350 Ready for RNTO.\r\n");
        assertThat(harness.send("RNTO b.txt")).isEqualTo("250 Rename successful.\r\n");
        verify(harness.tree).renameSource(path("/a.txt"));
        verify(harness.tree).rename(path("/a.txt"), path("/b.txt"));

        when(harness.tree.renameSource(path("/gone"))).thenThrow(new Failure.NotFound("/gone"));
        assertThat(harness.send("RNFR gone")).isEqualTo("550 No such file or directory.\r\n");
        assertThat(harness.send("RNTO c.txt")).isEqualTo("503 Bad sequence of commands: RNFR first.\r\n");
    }

    @Test
    void sizeAndMdtmOfAFileAndSizeOfADirectoryIs550() {
        harness.logIn();
        when(harness.tree.stat(path("/a.txt"))).thenReturn(new Entry("a.txt", Entry.Kind.FILE, 1234, LONG_AGO));
        when(harness.tree.stat(path("/docs"))).thenReturn(new Entry("docs", Entry.Kind.DIRECTORY, 0, LONG_AGO));
        assertThat(harness.send("SIZE a.txt")).isEqualTo("213 1234\r\n");
        assertThat(harness.send("MDTM a.txt")).isEqualTo("213 20010203040506\r\n");
        assertThat(harness.send("SIZE docs")).isEqualTo("550 Not a plain file.\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MFMT 20240102030405 a.txt       | 2024-01-02T03:04:05Z     | a.txt      | 213 Modify=20240102030405; a.txt",
            "MFMT 20240102030405.250 a b.txt | 2024-01-02T03:04:05.250Z | a b.txt    | 213 Modify=20240102030405; a b.txt",
            "MFMT  19991231235959 /x         | 1999-12-31T23:59:59Z     | /x         | 213 Modify=19991231235959; /x"})
    void mfmtSetsTheTimeInUtc(String line, Instant time, String spelling, String reply) {
        harness.logIn();
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
        verify(harness.tree).setModified(path(spelling), time);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MFMT 20240102030405",
            "'MFMT 20240102030405 '",
            "MFMT 2024-01-02 a.txt",
            "MFMT 20241302030405 a.txt",
            "MFMT a.txt 20240102030405"})
    void mfmtWithoutAValidTimeAndPathIs501(String line) {
        harness.logIn();
        assertThat(harness.send(line)).isEqualTo("501 Use MFMT YYYYMMDDHHMMSS pathname, the time in UTC.\r\n");
        verify(harness.tree, never()).setModified(any(), any());
    }

    @Test
    void aTransferWithoutADataConnectionSetUpIs425() {
        harness.logIn();
        when(harness.tree.list(path("/"))).thenReturn(Stream.empty());
        assertThat(harness.sendAndAwait("LIST")).isEqualTo("425 Use PASV, EPSV, PORT or EPRT first.\r\n");
    }
}
