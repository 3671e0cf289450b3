package xxftp.s3;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy 4.1.1 in this JVM, storing in a temporary folder, over
 * https with SigV4 checked (plain http makes S3Proxy drop zero-byte PUTs now and then, see
 * shared/S3-NOTES.md). One server per JVM, started on first use; each test takes a fresh
 * prefix or bucket.
 */
public final class S3TestServer {

    private static final Logger log = LoggerFactory.getLogger(S3TestServer.class);
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    public static final String BUCKET = "xxftp-test";
    private static final String KEYSTORE = "s3-test.p12";
    private static final AtomicInteger buckets = new AtomicInteger();
    private static S3TestServer shared;

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;
    private final Path storeFolder;

    private S3TestServer() throws Exception {
        storeFolder = Files.createTempDirectory("xxftp-s3-");
        Path keystore = storeFolder.resolveSibling(storeFolder.getFileName() + ".p12");
        try (InputStream in = S3TestServer.class.getClassLoader().getResourceAsStream(KEYSTORE)) {
            Files.copy(in, keystore);
        }
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(storeFolder.toString()))
                .secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keystore.toString(), "changeit")
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start");
            }
            Thread.sleep(5);
        }
        endpoint = URI.create("https://127.0.0.1:" + proxy.getSecurePort());
        client = newClient();
        client.createBucket(request -> request.bucket(BUCKET));
        log.warn("S3 server for tests: S3Proxy 4.1.1 (filesystem store, https, SigV4) at {}", endpoint);
        System.out.println("S3 server for tests: S3Proxy 4.1.1 (filesystem store, https, SigV4) at " + endpoint);
    }

    /** A server of its own, for tests that stop it; the caller stops it. */
    public static S3TestServer startNew() {
        try {
            return new S3TestServer();
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    /** The JVM's shared server. */
    public static synchronized S3TestServer get() {
        if (shared == null) {
            try {
                shared = new S3TestServer();
            } catch (Exception e) {
                throw new IllegalStateException("could not start S3Proxy", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    /** Settings for a fresh, empty prefix in the shared bucket. */
    public S3Settings freshPrefix() {
        return new S3Settings(BUCKET, "t-" + UUID.randomUUID(), Optional.of(endpoint), Optional.of("us-east-1"), true);
    }

    /** A new, empty bucket. */
    public String freshBucket() {
        String bucket = "xxftp-b" + buckets.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** An SDK client set up as the notes say works with S3Proxy: path style, WHEN_REQUIRED checksums. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64).tlsTrustManagersProvider(S3TestServer::trustManagers))
                .build();
    }

    /** Trusts the test keystore's self-signed certificate. */
    public static TrustManager[] trustManagers() {
        try (InputStream in = S3TestServer.class.getClassLoader().getResourceAsStream(KEYSTORE)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (Exception e) {
            throw new IllegalStateException("test keystore unreadable", e);
        }
    }

    /** Stops the server, for fault tests; the store folder stays until the JVM exits. */
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.debug("S3Proxy stop: {}", e.toString());
        }
    }

}
