package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SYST, NOOP, FEAT, OPTS (RFC 2389), HELP and SITE: exact replies, before login where they work. */
class InfoCommandsTest {

    private final SessionHarness harness = new SessionHarness();

    @Test
    void systAndNoop() {
        assertThat(harness.send("SYST")).isEqualTo("215 UNIX Type: L8\r\n");
        assertThat(harness.send("NOOP")).isEqualTo("200 NOOP ok.\r\n");
    }

    @Test
    void featListsEachExtensionSortedWithALeadingSpace() {
        // RFC 2389 3.2: "211-", one feature per line after a space, "211 End"
        assertThat(harness.send("FEAT")).isEqualTo("211-Extensions supported:\r\n EPRT\r\n EPSV\r\n"
                + " HASH SHA-256*;SHA-1;MD5;CRC32\r\n MDTM\r\n MFMT\r\n MLST type*;size*;modify*;perm*;unique*;\r\n"
                + " PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n");
    }

    @Test
    void featShowsTheSessionsSelectionsAndTlsWhenConfigured() throws Exception {
        FtpTls tls = new FtpTls(SSLContext.getDefault(), false, true, Optional.empty(), false);
        SessionHarness secure = new SessionHarness(CommandTable.standard(), SessionHarness.config(Optional.of(tls)),
                SessionHarness.CLIENT_V4);
        secure.send("OPTS MLST size;type");
        secure.send("OPTS HASH MD5");
        assertThat(secure.send("FEAT")).isEqualTo("211-Extensions supported:\r\n AUTH TLS\r\n EPRT\r\n EPSV\r\n"
                + " HASH SHA-256;SHA-1;MD5*;CRC32\r\n MDTM\r\n MFMT\r\n MLST type*;size*;modify;perm;unique;\r\n"
                + " PASV\r\n PBSZ\r\n PROT\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OPTS UTF8 ON                    | 200 Always in UTF8 mode.",
            "OPTS utf8 on                    | 200 Always in UTF8 mode.",
            "OPTS UTF8                       | 200 Always in UTF8 mode.",
            "OPTS UTF-8 ON                   | 200 Always in UTF8 mode.",
            "OPTS UTF8 OFF                   | 501 Option not understood.",
            "OPTS FROB on                    | 501 Option not understood.",
            "OPTS MLST size;Type;unix.mode;  | 200 MLST OPTS type;size;",
            "OPTS mlst modify                | 200 MLST OPTS modify;",
            "OPTS MLST                       | 200 MLST OPTS",
            "OPTS HASH                       | 200 SHA-256",
            "OPTS HASH crc32                 | 200 CRC32",
            "OPTS HASH SHA-512               | 501 Unknown algorithm; the current one stays."})
    void opts(String line, String reply) {
        assertThat(harness.send(line)).isEqualTo(reply + "\r\n");
    }

    @Test
    void optsHashAndMlstChangeTheSessionsParameters() {
        harness.send("OPTS HASH SHA-1");
        harness.send("OPTS HASH SHA-512");
        assertThat(harness.session.parameters().hashAlgorithm()).isEqualTo(IntegrityCommands.Algorithm.SHA_1);
        harness.send("OPTS MLST perm;unique;");
        assertThat(harness.session.parameters().mlstFacts())
                .containsExactlyInAnyOrder(MachineListing.Fact.PERM, MachineListing.Fact.UNIQUE);
    }

    @Test
    void helpForOneCommandShowsItsSynopsis() {
        assertThat(harness.send("HELP retr")).isEqualTo("214 Syntax: RETR <sp> pathname\r\n");
        assertThat(harness.send("HELP XMKD")).isEqualTo("214 Syntax: XMKD <sp> pathname\r\n");
        assertThat(harness.send("HELP FROB")).isEqualTo("502 Unknown command FROB.\r\n");
    }

    @Test
    void helpListsEveryVerbOfTheTable() {
        String help = harness.send("HELP");
        assertThat(help).startsWith("214-The following commands are recognized:\r\n").endsWith("\r\n214 Help OK.\r\n");
        String listed = help.lines().skip(1).filter(line -> line.startsWith(" ")).reduce("", String::concat);
        assertThat(listed.split("\\s+")).filteredOn(verb -> !verb.isEmpty())
                .containsExactlyElementsOf(CommandTable.standard().all().stream().map(Command::verb).toList());
    }

    @Test
    void siteHelpListsTheSiteCommandsAndAnyOtherIs504() {
        harness.logIn();
        assertThat(harness.send("SITE HELP")).isEqualTo(
                "214-The following SITE commands are recognized:\r\n HELP (list SITE commands)\r\n214 Help OK.\r\n");
        assertThat(harness.send("SITE CHMOD 755 a")).isEqualTo("504 Unknown SITE command CHMOD.\r\n");
    }
}
