package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** USER, PASS and QUIT (RFC 959 4.1.1), against the harness's accounts: alice (password "secret") and bob (none). */
class AccessCommandsTest {

    private final SessionHarness harness = new SessionHarness();

    @Test
    void aKnownUserGives331ThenTheRightPassword230() {
        assertThat(harness.send("USER alice")).isEqualTo("331 Password required for alice.\r\n");
        assertThat(harness.send("PASS secret")).isEqualTo("230 Login successful.\r\n");
        assertThat(harness.session.login().isLoggedIn()).isTrue();
        assertThat(harness.session.tree().account().name()).isEqualTo("alice");
    }

    @Test
    void anUnknownUserIsAskedForAPasswordLikeAKnownOneAndRefused() {
        assertThat(harness.send("USER mallory")).isEqualTo("331 Password required for mallory.\r\n");
        assertThat(harness.send("PASS secret")).isEqualTo("530 Login incorrect.\r\n");
        assertThat(harness.session.login().isLoggedIn()).isFalse();
    }

    @Test
    void aUserWithoutPasswordIsInAfterUserAndAPassAnywayIs202() {
        assertThat(harness.send("USER  bob ")).isEqualTo("230 Login successful.\r\n");
        assertThat(harness.send("PASS whatever")).isEqualTo("202 Already logged in; no password needed.\r\n");
        assertThat(harness.send("USER alice")).isEqualTo("530 Can't change to another user.\r\n");
        assertThat(harness.session.tree().account().name()).isEqualTo("bob");
    }

    @Test
    void anInvalidNameIs530() {
        assertThat(harness.send("USER a/b")).isEqualTo("530 Invalid user name.\r\n");
        assertThat(harness.send("PASS secret")).as("a refused USER is no USER").isEqualTo("503 Bad sequence of commands: USER first.\r\n");
    }

    @Test
    void theThirdWrongPasswordIs421AndEndsTheSession() {
        for (int i = 1; i <= 2; i++) {
            harness.send("USER alice");
            assertThat(harness.send("PASS wrong")).isEqualTo("530 Login incorrect.\r\n");
            assertThat(harness.session.quitting()).isFalse();
        }
        harness.send("USER alice");
        assertThat(harness.send("PASS secret3")).isEqualTo("421 Too many failed logins; closing control connection.\r\n");
        assertThat(harness.session.quitting()).isTrue();
    }

    @Test
    void aWrongPasswordForgetsTheUser() {
        harness.send("USER alice");
        harness.send("PASS wrong");
        assertThat(harness.send("PASS secret")).isEqualTo("503 Bad sequence of commands: USER first.\r\n");
    }

    @Test
    void quitAndByeSay221AndEndTheSession() {
        assertThat(harness.send("QUIT")).isEqualTo("221 Goodbye.\r\n");
        assertThat(harness.session.quitting()).isTrue();
        SessionHarness other = new SessionHarness();
        assertThat(other.send("bye")).isEqualTo("221 Goodbye.\r\n");
        assertThat(other.session.quitting()).isTrue();
    }

    @Test
    void withTlsRequiredNoNameOrPasswordIsTakenInClear() throws Exception {
        FtpTls tls = new FtpTls(SSLContext.getDefault(), true, true, Optional.empty(), false);
        SessionHarness strict = new SessionHarness(CommandTable.standard(), SessionHarness.config(Optional.of(tls)),
                SessionHarness.CLIENT_V4);
        assertThat(strict.send("USER bob")).isEqualTo("530 This server requires TLS: use AUTH TLS before logging in.\r\n");
        assertThat(strict.session.login().isLoggedIn()).isFalse();
        strict.session.protection().controlProtectedBy(() -> null);
        assertThat(strict.send("USER bob")).isEqualTo("230 Login successful.\r\n");
    }
}
