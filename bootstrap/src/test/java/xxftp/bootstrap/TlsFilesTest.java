package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate and key forms an operator has: PEM (PKCS#8, PKCS#1) and PKCS#12. */
class TlsFilesTest {

    private static final Path CERT = XxftpServerExtension.resource("ftps-cert.pem");

    @Test
    void pemCertificateWithAPkcs8Key() {
        assertThat(TlsFiles.fromPem(CERT, XxftpServerExtension.resource("ftps-key.pem")).getProtocol()).isEqualTo("TLS");
    }

    @Test
    void pemCertificateWithAPkcs1RsaKey() {
        assertThat(TlsFiles.fromPem(CERT, XxftpServerExtension.resource("ftps-key-pkcs1.pem"))).isNotNull();
    }

    @Test
    void pkcs12KeystoreWithItsPassword() {
        assertThat(TlsFiles.fromPkcs12(XxftpServerExtension.resource("ftps-test.p12"), "changeit".toCharArray())).isNotNull();
    }

    @Test
    void problemsAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here");
        assertThatThrownBy(() -> TlsFiles.fromPkcs12(XxftpServerExtension.resource("ftps-test.p12"), "wrong".toCharArray()))
                .isInstanceOf(UsageError.class);
        assertThatThrownBy(() -> TlsFiles.fromPem(CERT, empty)).isInstanceOf(UsageError.class).hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> TlsFiles.fromPem(dir.resolve("missing.pem"), empty)).isInstanceOf(UsageError.class);
        assertThatThrownBy(() -> TlsFiles.fromPem(empty, XxftpServerExtension.resource("ftps-key.pem"))).isInstanceOf(UsageError.class);
    }
}
