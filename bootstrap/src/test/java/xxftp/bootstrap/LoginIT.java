package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** USER/PASS/QUIT and what works before login (XXFTP-TREE.md "Passwords", RFC 959 4.1.1). */
@ExtendWith(XxftpServerExtension.class)
class LoginIT {

    @Test
    void md5PasswordFileLogsIn(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret");
        FTPClient ftp = server.connect();
        assertThat(ftp.getReplyCode()).isEqualTo(220);
        assertThat(ftp.user("alice")).isEqualTo(331);
        assertThat(ftp.pass("secret")).isEqualTo(230);
        assertThat(ftp.printWorkingDirectory()).isEqualTo("/");
        ftp.disconnect();
    }

    @Test
    void pbkdf2PasswordFileLogsIn(TestServer server) throws Exception {
        server.tree().userWithHash("bob", "s3cret pass");
        FTPClient ftp = server.connect();
        assertThat(ftp.user("bob")).isEqualTo(331);
        assertThat(ftp.pass("s3cret pass")).isEqualTo(230);
        assertThat(ftp.storeFile("x.txt", new ByteArrayInputStream(new byte[] {1, 2, 3}))).isTrue();
        assertThat(server.tree().bytes("bob/x.txt")).containsExactly(1, 2, 3);
        ftp.disconnect();
    }

    @Test
    void wrongPasswordIs530AndTheThirdFailureCloses(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret").userWithHash("bob", "other");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER alice").code()).isEqualTo(331);
            assertThat(raw.send("PASS wrong").code()).isEqualTo(530);
            assertThat(raw.send("USER bob").code()).isEqualTo(331);
            assertThat(raw.send("PASS secret").code()).isEqualTo(530);
            // still not logged in
            assertThat(raw.send("PWD").code()).isEqualTo(530);
            assertThat(raw.send("USER alice").code()).isEqualTo(331);
            RawFtp.Reply third = raw.send("PASS Secret");
            assertThat(third.code()).isEqualTo(421);
            assertThat(raw.closedByServer()).isTrue();
        }
        // a new connection starts counting again, and the right password works
        try (RawFtp raw = server.raw()) {
            assertThat(raw.login("alice", "secret").code()).isEqualTo(230);
        }
    }

    @Test
    void userWithoutPasswordFileNeedsUserAlone(TestServer server) throws Exception {
        server.tree().user("carol");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER carol").code()).isEqualTo(230);
            assertThat(raw.send("PWD").code()).isEqualTo(257);
        }
        // Commons Net does not send PASS after a 230
        FTPClient ftp = server.connect();
        assertThat(ftp.login("carol", "whatever")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(230);
        ftp.disconnect();
    }

    @Test
    void unknownUserIsAskedForAPasswordLikeAKnownOne(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret");
        try (RawFtp raw = server.raw()) {
            RawFtp.Reply known = raw.send("USER alice");
            raw.send("PASS nope");
            RawFtp.Reply unknown = raw.send("USER mallory");
            assertThat(unknown.code()).isEqualTo(331).isEqualTo(known.code());
            // the same text apart from the name
            assertThat(unknown.text().replace("mallory", "NAME")).isEqualTo(known.text().replace("alice", "NAME"));
            RawFtp.Reply refused = raw.send("PASS anything");
            assertThat(refused.code()).isEqualTo(530);
            assertThat(raw.send("PWD").code()).isEqualTo(530);
        }
    }

    @Test
    void invalidUserNamesAre530(TestServer server) throws Exception {
        server.tree().user("alice").user("bob");
        try (RawFtp raw = server.raw()) {
            for (String name : List.of("a-b", "../x", "alice/..", "a.b", "x y", "bob%00", "al*", "/alice", ".xxftp")) {
                assertThat(raw.send("USER " + name).code()).as(name).isEqualTo(530);
                assertThat(raw.send("PASS x").code()).as("PASS after " + name).isEqualTo(503);
                assertThat(raw.send("PWD").code()).isEqualTo(530);
            }
            // not a failed login either
            assertThat(raw.send("USER alice").code()).isEqualTo(230);
        }
    }

    @Test
    void aFileIsNotAUserAndNamesAreCaseSensitive(TestServer server) throws Exception {
        server.tree().file("frank", "not a folder").user("alice").file("xxftp.welcome", "hi");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER frank").code()).isEqualTo(331);
            assertThat(raw.send("PASS x").code()).isEqualTo(530);
            assertThat(raw.send("USER ALICE").code()).isEqualTo(331);
            assertThat(raw.send("PASS x").code()).isEqualTo(530);
            assertThat(raw.send("USER alice").code()).isEqualTo(230);
        }
    }

    @Test
    void md5FileIsToleratedWithCrlfAndUpperCase(TestServer server) throws Exception {
        server.tree().user("alice").file("alice/.xxftp/password",
                xxftp.domain.tree.PasswordHash.legacyMd5("secret").toUpperCase(java.util.Locale.ROOT) + "\r\n");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.login("alice", "secret").code()).isEqualTo(230);
        }
    }

    @Test
    void aPasswordThatIsNotAFileLocksTheAccount(TestServer server) throws Exception {
        server.tree().dir("alice/.xxftp/password");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER alice").code()).isEqualTo(331);
            assertThat(raw.send("PASS ").code()).isEqualTo(530);
            assertThat(raw.send("USER alice").code()).isEqualTo(331);
            assertThat(raw.send("PASS x").code()).isEqualTo(530);
        }
    }

    @Test
    void anonymousByNameAndCaseInsensitively(TestServer server) throws Exception {
        server.tree().user("anonymous").file("anonymous/readme.txt", "hi").permission("anonymous", "read");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER anonymous").code()).isEqualTo(230);
            assertThat(raw.send("SIZE readme.txt").text()).isEqualTo("213 2");
        }
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER ANONYMOUS").code()).isEqualTo(230);
        }
        FTPClient ftp = server.connect();
        assertThat(ftp.login("anonymous", "guest@example.org")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(230);
        assertThat(ftp.listNames()).containsExactly("readme.txt");
        ftp.disconnect();
    }

    @ParameterizedTest
    @ValueSource(strings = {"USER", "USER ", "USER   "})
    void emptyUserIsAnonymous(String line, TestServer server) throws Exception {
        server.tree().user("anonymous").file("anonymous/readme.txt", "hi");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send(line).code()).isEqualTo(230);
            assertThat(raw.send("SIZE readme.txt").text()).isEqualTo("213 2");
        }
    }

    @Test
    void noAnonymousFolderMeansNoAnonymousLogin(TestServer server) throws Exception {
        server.tree().user("alice");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER anonymous").code()).isEqualTo(331);
            assertThat(raw.send("PASS x").code()).isEqualTo(530);
        }
    }

    @Test
    void passWithoutUserIs503(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("PASS secret").code()).isEqualTo(503);
            // USER, then something else, then PASS: still out of order
            assertThat(raw.send("USER alice").code()).isEqualTo(331);
            assertThat(raw.send("NOOP").code()).isEqualTo(200);
            assertThat(raw.send("PASS secret").code()).isEqualTo(503);
            assertThat(raw.send("PWD").code()).isEqualTo(530);
        }
    }

    @Test
    void passAfterAUserThatNeededNoPasswordDoesNotCountAsAFailure(TestServer server) throws Exception {
        server.tree().user("carol");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("USER carol").code()).isEqualTo(230);
            // some clients always send PASS; RFC 959 lists 202 for PASS ("superfluous at this site")
            assertThat(raw.send("PASS anything").code()).isEqualTo(202);
            assertThat(raw.send("PWD").code()).isEqualTo(257);
        }
    }

    @Test
    void userAfterLoginCantSwitchAccounts(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret").user("bob");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.login("alice", "secret").code()).isEqualTo(230);
            assertThat(raw.send("USER bob").code()).isEqualTo(530);
            assertThat(raw.send("PASS secret").code()).isEqualTo(503);
            // still alice
            assertThat(raw.send("PWD").code()).isEqualTo(257);
        }
    }

    @Test
    void commandsBeforeLoginAre530(TestServer server) throws Exception {
        server.tree().user("alice").file("alice/x", "keep");
        try (RawFtp raw = server.raw()) {
            for (String line : List.of("PWD", "XPWD", "CWD /", "CDUP", "LIST", "NLST", "RETR x", "STOR x", "APPE x",
                    "DELE x", "MKD x", "RMD x", "RNFR x", "RNTO x", "SIZE x", "MDTM x", "TYPE I", "MODE S", "STRU F", "REST 0",
                    "ALLO 10", "PASV", "EPSV", "PORT 127,0,0,1,4,1", "EPRT |1|127.0.0.1|1025|", "XCWD /", "XCUP", "XMKD x",
                    "XRMD x")) {
                assertThat(raw.send(line).code()).as(line).isEqualTo(530);
            }
            // none of that counted as a failed login
            assertThat(raw.send("USER alice").code()).isEqualTo(230);
        }
        assertThat(server.tree().read("alice/x")).isEqualTo("keep");
    }

    @Test
    void welcomeFileIsTheMultiLine220(TestServer server) throws Exception {
        server.tree().user("alice").file("xxftp.welcome", "Welcome to the archive.\nBe nice.\n220 is not the end\nBye for now.\n");
        try (RawFtp raw = server.raw()) {
            RawFtp.Reply greeting = raw.greeting();
            assertThat(greeting.code()).isEqualTo(220);
            assertThat(greeting.lines()).containsExactly(
                    "220-Welcome to the archive.", "Be nice.", " 220 is not the end", "220 Bye for now.");
            // the reply really ended there: the next reply is NOOP's
            assertThat(raw.send("NOOP").code()).isEqualTo(200);
        }
        FTPClient ftp = server.connect();
        assertThat(ftp.getReplyCode()).isEqualTo(220);
        assertThat(ftp.getReplyString()).contains("Welcome to the archive.", "Be nice.", "Bye for now.");
        ftp.disconnect();
    }

    @Test
    void withoutWelcomeFileTheGreetingIsOneLine(TestServer server) throws Exception {
        try (RawFtp raw = server.raw()) {
            assertThat(raw.greeting().code()).isEqualTo(220);
            assertThat(raw.greeting().lines()).hasSize(1);
        }
    }

    @Test
    void goodbyeFileIsThe221ForQuitAndBye(TestServer server) throws Exception {
        server.tree().user("alice").file("xxftp.goodbye", "Thanks for visiting.\nCome again.\n");
        for (String verb : new String[] {"QUIT", "BYE", "quit"}) {
            try (RawFtp raw = server.raw()) {
                assertThat(raw.send("USER alice").code()).isEqualTo(230);
                RawFtp.Reply bye = raw.send(verb);
                assertThat(bye.code()).as(verb).isEqualTo(221);
                assertThat(bye.lines()).containsExactly("221-Thanks for visiting.", "221 Come again.");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        FTPClient ftp = server.login("alice", "");
        assertThat(ftp.logout()).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(221);
        assertThat(ftp.getReplyString()).contains("Thanks for visiting.", "Come again.");
        ftp.disconnect();
    }

    @Test
    void quitBeforeLoginAndWithoutGoodbyeFile(TestServer server) throws Exception {
        try (RawFtp raw = server.raw()) {
            RawFtp.Reply bye = raw.send("QUIT");
            assertThat(bye.code()).isEqualTo(221);
            assertThat(bye.lines()).hasSize(1);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("BYE").code()).isEqualTo(221);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawFtp raw = server.raw()) {
            // QUIT takes no argument
            assertThat(raw.send("QUIT now").code()).isEqualTo(501);
        }
    }

    @Test
    void featSystHelpNoopOptsWorkBeforeLogin(TestServer server) throws Exception {
        try (RawFtp raw = server.raw()) {
            RawFtp.Reply feat = raw.send("FEAT");
            assertThat(feat.code()).isEqualTo(211);
            // RFC 2389: each feature line starts with a space
            assertThat(feat.lines()).contains(" EPRT", " EPSV", " MDTM", " PASV", " REST STREAM", " SIZE", " UTF8");
            assertThat(feat.lines().getLast()).startsWith("211 ");

            RawFtp.Reply syst = raw.send("SYST");
            assertThat(syst.text()).isEqualTo("215 UNIX Type: L8");

            RawFtp.Reply help = raw.send("HELP");
            assertThat(help.code()).isEqualTo(214);
            assertThat(help.text()).contains("USER", "RETR", "STOR", "XMKD", "EPRT");
            assertThat(raw.send("HELP retr").text()).startsWith("214 ").contains("RETR");
            assertThat(raw.send("HELP FROB").code()).isEqualTo(502);

            assertThat(raw.send("NOOP").code()).isEqualTo(200);
            assertThat(raw.send("NOOP x").code()).isEqualTo(501);
            assertThat(raw.send("OPTS UTF8 ON").code()).isEqualTo(200);
            assertThat(raw.send("OPTS MLST type;").code()).isEqualTo(200);
            assertThat(raw.send("OPTS FROB on").code()).isEqualTo(501);
            assertThat(raw.send("OPTS").code()).isEqualTo(501);
            assertThat(raw.send("FEAT x").code()).isEqualTo(501);
        }
        FTPClient ftp = server.connect();
        assertThat(ftp.features()).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(211);
        assertThat(ftp.hasFeature("EPSV")).isTrue();
        assertThat(ftp.getSystemType()).isEqualTo("UNIX Type: L8");
        assertThat(ftp.sendNoOp()).isTrue();
        assertThat(ftp.listHelp()).contains("NOOP");
        ftp.disconnect();
    }

    @Test
    void verbsAreCaseInsensitive(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret");
        try (RawFtp raw = server.raw()) {
            assertThat(raw.send("user alice").code()).isEqualTo(331);
            assertThat(raw.send("pass secret").code()).isEqualTo(230);
            assertThat(raw.send("pwd").code()).isEqualTo(257);
            assertThat(raw.send("Noop").code()).isEqualTo(200);
        }
    }

    @Test
    void passwordIsCheckedExactly(TestServer server) throws Exception {
        server.tree().userWithMd5("alice", "secret");
        FTPClient ftp = server.connect();
        assertThat(ftp.login("alice", "secret ")).isFalse();
        assertThat(ftp.getReplyCode()).isEqualTo(530);
        assertThat(ftp.login("alice", "secret")).isTrue();
        assertThat(ftp.getReplyCode()).isEqualTo(230);
        ftp.disconnect();
    }
}
