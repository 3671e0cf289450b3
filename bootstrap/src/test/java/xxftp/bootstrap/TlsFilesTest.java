package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate and key forms an operator has: PEM (PKCS#8, PKCS#1) and PKCS#12. */
class TlsFilesTest {

    private static final Path CERT = XxftpServerExtension.resource("ftps-cert.pem");

    @Test
    void pemCertificateWithAPkcs8Key() throws Exception {
        assertServesTheTestCertificate(TlsFiles.fromPem(CERT, XxftpServerExtension.resource("ftps-key.pem")));
    }

    @Test
    void pemCertificateWithAPkcs1RsaKey() throws Exception {
        assertServesTheTestCertificate(TlsFiles.fromPem(CERT, XxftpServerExtension.resource("ftps-key-pkcs1.pem")));
    }

    @Test
    void pkcs12KeystoreWithItsPassword() throws Exception {
        assertServesTheTestCertificate(TlsFiles.fromPkcs12(XxftpServerExtension.resource("ftps-test.p12"), "changeit".toCharArray()));
    }

    /**
     * A real handshake on loopback with a client that trusts only the test certificate: the
     * key and the certificate belong together, and the client is shown that certificate.
     */
    private static void assertServesTheTestCertificate(SSLContext server) throws Exception {
        Certificate expected;
        try (InputStream in = Files.newInputStream(CERT)) {
            expected = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("test", expected);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accepting = Thread.ofVirtual().start(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write(42);
                } catch (IOException ignored) {
                    // the client's assertions say what went wrong
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.startHandshake();
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(expected);
                assertThat(socket.getInputStream().read()).isEqualTo(42);
            }
            accepting.join(10_000);
        }
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
