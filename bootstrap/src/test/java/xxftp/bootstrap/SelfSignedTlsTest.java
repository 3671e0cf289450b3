package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedTlsTest {

    @Test
    void theFirstStartMakesACertificateAndAPrivateKeyThatLaterStartsKeep(@TempDir Path state) throws Exception {
        Path certificate = SelfSignedTls.certificateIn(state.resolve("new"));
        Path key = SelfSignedTls.keyIn(state.resolve("new"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        X509Certificate parsed;
        try (InputStream in = Files.newInputStream(certificate)) {
            parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        parsed.verify(parsed.getPublicKey());
        parsed.checkValidity();
        assertThat(parsed.getVersion()).isEqualTo(3);
        assertThat(parsed.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3600)));
        List<String> names = parsed.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(parsed.getSigAlgName()).isEqualTo("SHA256withECDSA");

        String fingerprint = SelfSignedTls.fingerprint(certificate);
        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(SelfSignedTls.certificateIn(state.resolve("new"))).isEqualTo(certificate);
        assertThat(SelfSignedTls.fingerprint(certificate)).as("kept, not made again").isEqualTo(fingerprint);
        // the pair serves TLS: the certificate and its key belong together
        assertThat(TlsFiles.fromPem(certificate, key).getProtocol()).isEqualTo("TLS");
        assertThat(List.of(Files.readString(certificate).split("\n")).getFirst()).isEqualTo("-----BEGIN CERTIFICATE-----");
    }
}
