package xxftp.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS certificate and key: PEM files (what certbot and openssl write) or a
 * PKCS#12 keystore. Problems are reported as one-line {@link UsageError}s.
 */
final class TlsFiles {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] IN_MEMORY_PASSWORD = "xxftp".toCharArray();

    private TlsFiles() {}

    static SSLContext fromPem(Path certificateFile, Path keyFile) {
        try {
            List<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certificateFile)) {
                chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new UsageError("--tls-cert " + certificateFile + " holds no certificate");
            }
            PrivateKey key = privateKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("xxftp", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            return context(store, IN_MEMORY_PASSWORD);
        } catch (IOException e) {
            throw new UsageError("can't read TLS files: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageError("--tls-cert/--tls-key are not a usable certificate and key: " + e.getMessage());
        }
    }

    static SSLContext fromPkcs12(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return context(store, password);
        } catch (IOException e) {
            throw new UsageError("--tls-keystore " + keystore + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageError("--tls-keystore " + keystore + " is not usable: " + e.getMessage());
        }
    }

    private static SSLContext context(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY", RSA, EC or EdDSA) or PKCS#1 ("BEGIN RSA PRIVATE KEY"). */
    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher block = PEM_BLOCK.matcher(Files.readString(file));
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (block.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(rsaPkcs1ToPkcs8(der));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new UsageError("--tls-key " + file
                        + " is encrypted; decrypt it: openssl pkcs8 -in KEY -out plain.pem");
                case "EC PRIVATE KEY" -> throw new UsageError("--tls-key " + file
                        + " is a SEC1 EC key; convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
                default -> {
                    // a certificate or parameters in the same file: look further
                }
            }
        }
        throw new UsageError("--tls-key " + file + " holds no PEM private key");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                last = notThisOne;
            }
        }
        throw last;
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key. */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] rsaEncryption = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
                0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(rsaEncryption);
        body.writeBytes(Der.of(Der.OCTET_STRING, pkcs1));
        return Der.of(Der.SEQUENCE, body.toByteArray());
    }
}
