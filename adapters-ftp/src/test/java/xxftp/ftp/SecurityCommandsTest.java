package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUTH, PBSZ, PROT and CCC (RFC 4217), with TLS configured; the handshake itself is the control loop's. */
class SecurityCommandsTest {

    private SessionHarness harness;
    private SSLSession control;

    @BeforeEach
    void withTls() throws Exception {
        SSLContext context = SSLContext.getDefault();
        FtpTls tls = new FtpTls(context, false, true, Optional.empty(), false);
        harness = new SessionHarness(CommandTable.standard(), SessionHarness.config(Optional.of(tls)), SessionHarness.CLIENT_V4);
        control = context.createSSLEngine().getSession();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTH TLS", "auth tls", "AUTH TLS-C", "AUTH SSL"})
    void authTlsIs234AndAsksForTheHandshakeOnce(String line) {
        assertThat(harness.send(line)).isEqualTo("234 AUTH TLS successful; start the handshake.\r\n");
        assertThat(harness.session.protection().takeUpgradeRequest()).isTrue();
        assertThat(harness.session.protection().takeUpgradeRequest()).isFalse();
    }

    @Test
    void authRefusals() {
        assertThat(harness.send("AUTH KERBEROS")).isEqualTo("504 Only AUTH TLS is supported.\r\n");
        assertThat(new SessionHarness().send("AUTH TLS")).isEqualTo("502 TLS is not configured on this server.\r\n");
        harness.session.protection().controlProtectedBy(() -> control);
        assertThat(harness.send("AUTH TLS")).isEqualTo("503 TLS is already active.\r\n");
        assertThat(harness.session.protection().takeUpgradeRequest()).isFalse();
    }

    @Test
    void authAfterLoginIs503() {
        harness.logIn();
        assertThat(harness.send("AUTH TLS")).isEqualTo("503 AUTH must come before login.\r\n");
    }

    @Test
    void pbszAndProtNeedAuthAndProtNeedsPbsz() {
        assertThat(harness.send("PBSZ 0")).isEqualTo("503 PBSZ needs AUTH TLS first.\r\n");
        assertThat(harness.send("PROT P")).isEqualTo("503 PROT needs AUTH TLS first.\r\n");
        harness.session.protection().controlProtectedBy(() -> control);
        assertThat(harness.send("PROT P")).isEqualTo("503 PROT needs PBSZ first.\r\n");
        assertThat(harness.send("PBSZ 0")).isEqualTo("200 PBSZ=0\r\n");
        assertThat(harness.session.protection().dataProtection()).isEmpty();
    }

    @Test
    void protPProtectsDataConnectionsWithTheControlSessionAndProtCStops() {
        harness.session.protection().controlProtectedBy(() -> control);
        harness.send("PBSZ 0");
        assertThat(harness.send("PROT P")).isEqualTo("200 Protection level set to Private.\r\n");
        assertThat(harness.session.protection().dataProtection()).containsSame(control);
        assertThat(harness.send("prot c")).isEqualTo("200 Protection level set to Clear.\r\n");
        assertThat(harness.session.protection().dataProtection()).isEmpty();
        assertThat(harness.send("PROT S")).isEqualTo("536 Only PROT P and PROT C are supported.\r\n");
        assertThat(harness.send("PROT E")).isEqualTo("536 Only PROT P and PROT C are supported.\r\n");
        assertThat(harness.send("PROT X")).isEqualTo("504 Unknown protection level.\r\n");
    }

    @Test
    void cccIsRefused() {
        assertThat(harness.send("CCC")).isEqualTo("534 CCC refused: the control connection stays protected.\r\n");
    }
}
