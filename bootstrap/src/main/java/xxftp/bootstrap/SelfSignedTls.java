package xxftp.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/**
 * FTPS from the first start: with no certificate configured, a self-signed one (ECDSA P-256,
 * ten years) and its key, made once in the state folder (never inside the served tree, so a
 * bucket tree works the same), the key readable by its owner only. Users check its SHA-256
 * fingerprint, which the server logs and {@code xxftp tls fingerprint} prints, against what
 * their client shows.
 */
final class SelfSignedTls {

    static final String CERTIFICATE = "tls-cert.pem";
    static final String KEY = "tls-key.pem";
    private static final Duration VALID_FOR = Duration.ofDays(3650);
    private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private SelfSignedTls() {}

    /** The certificate file in the state folder, made (with its key) when it is not there yet. */
    static Path certificateIn(Path stateDir) throws IOException {
        Path certificate = stateDir.resolve(CERTIFICATE);
        Path key = stateDir.resolve(KEY);
        if (Files.exists(certificate) && Files.exists(key)) {
            return certificate;
        }
        Files.createDirectories(stateDir);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            byte[] der = certificate(pair, InetAddress.getLocalHost().getHostName());
            // the key first, private from its first byte
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(certificate, pem("CERTIFICATE", der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK makes EC keys and signs with SHA256withECDSA", e);
        }
        return certificate;
    }

    static Path keyIn(Path stateDir) {
        return stateDir.resolve(KEY);
    }

    /** The SHA-256 fingerprint of a PEM certificate, as clients show it (AB:CD:...). */
    static String fingerprint(Path certificate) throws IOException {
        try {
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificate)));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parsed.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IOException(certificate + " holds no certificate: " + e.getMessage(), e);
        }
    }

    /** An X.509 v3 certificate (RFC 5280) naming this host, localhost and the loopback addresses. */
    static byte[] certificate(KeyPair pair, String host) throws GeneralSecurityException {
        byte[] algorithm = Der.of(Der.SEQUENCE, Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
        byte[] name = Der.of(Der.SEQUENCE, Der.of(Der.SET, Der.of(Der.SEQUENCE, Der.oid("2.5.4.3"),
                Der.of(Der.UTF8_STRING, ("xxftp " + host).getBytes(StandardCharsets.UTF_8)))));
        Instant now = Instant.now();
        byte[] validity = Der.of(Der.SEQUENCE, Der.of(Der.UTC_TIME, UTC_TIME.format(now.minus(Duration.ofDays(1))).getBytes(StandardCharsets.US_ASCII)),
                Der.of(Der.UTC_TIME, UTC_TIME.format(now.plus(VALID_FOR)).getBytes(StandardCharsets.US_ASCII)));
        byte[] serial = Der.of(Der.INTEGER, new BigInteger(127, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] alternativeNames = Der.of(Der.SEQUENCE,
                Der.of(0x82, host.getBytes(StandardCharsets.US_ASCII)),
                Der.of(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
                Der.of(0x87, new byte[] {127, 0, 0, 1}),
                Der.of(0x87, IPV6_LOOPBACK));
        byte[] extensions = Der.of(0xa3, Der.of(Der.SEQUENCE,
                Der.of(Der.SEQUENCE, Der.oid("2.5.29.17"), Der.of(Der.OCTET_STRING, alternativeNames))));
        byte[] tbs = Der.of(Der.SEQUENCE, Der.of(0xa0, Der.of(Der.INTEGER, new byte[] {2})), serial, algorithm, name,
                validity, name, pair.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return Der.of(Der.SEQUENCE, tbs, algorithm, Der.of(Der.BIT_STRING, bits));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
