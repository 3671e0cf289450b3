package xxftp.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy 4.1.1 in this JVM, storing in a temporary folder, over
 * https with SigV4 checked (plain http makes S3Proxy drop zero-byte PUTs now and then, see
 * shared/S3-NOTES.md); or MinIO where a Docker engine exists. One server per JVM, started on
 * first use; each test takes a fresh prefix.
 */
public final class S3TestServer {

    private static final Logger log = LoggerFactory.getLogger(S3TestServer.class);
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    public static final String BUCKET = "xxftp-test";
    private static final String KEYSTORE = "s3-test.p12";
    private static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";
    private static S3TestServer shared;

    private final Runnable stopper;
    private final URI endpoint;
    private final Optional<Path> storeFolder;
    private final S3Client client;

    private S3TestServer(URI endpoint, Runnable stopper, Optional<Path> storeFolder, String description) {
        this.endpoint = endpoint;
        this.stopper = stopper;
        this.storeFolder = storeFolder;
        this.client = newClient();
        client.createBucket(request -> request.bucket(BUCKET));
        log.warn("S3 server for tests: {} at {}", description, endpoint);
        System.out.println("S3 server for tests: " + description + " at " + endpoint);
    }

    /**
     * S3Proxy 4.1.1 in this JVM by default; MinIO in a container (Testcontainers) when the
     * system property xxftp.s3.server is "minio", which needs a Docker engine: without one the
     * calling test is skipped.
     */
    private static S3TestServer start() {
        if ("minio".equals(System.getProperty("xxftp.s3.server"))) {
            Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "MinIO needs a Docker engine");
            MinIOContainer minio = new MinIOContainer(MINIO_IMAGE).withUserName(ACCESS_KEY).withPassword(SECRET_KEY);
            minio.start();
            return new S3TestServer(URI.create(minio.getS3URL()), minio::stop, Optional.empty(), "MinIO " + MINIO_IMAGE + " (Testcontainers)");
        }
        return startS3Proxy();
    }

    private static S3TestServer startS3Proxy() {
        try {
            Path storeFolder = Files.createTempDirectory("xxftp-s3-");
            Path keystore = keystoreIn(Files.createTempDirectory("xxftp-s3-keystore-"));
            S3Proxy proxy = S3Proxy.builder()
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
            Runnable stop = () -> {
                try {
                    proxy.stop();
                } catch (Exception e) {
                    log.debug("S3Proxy stop: {}", e.toString());
                }
            };
            return new S3TestServer(URI.create("https://127.0.0.1:" + proxy.getSecurePort()), stop, Optional.of(storeFolder),
                    "S3Proxy 4.1.1 (filesystem store, https, SigV4)");
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    /** A server of its own, for tests that stop it; the caller stops it. */
    public static S3TestServer startNew() {
        return start();
    }

    /** The JVM's shared server. */
    public static synchronized S3TestServer get() {
        if (shared == null) {
            shared = start();
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
        return freshPrefix(S3Transfers.defaults());
    }

    /** The same, with these transfer settings and budgets. */
    public S3Settings freshPrefix(S3Transfers transfers) {
        return new S3Settings(BUCKET, "t-" + UUID.randomUUID(), Optional.of(endpoint), Optional.of("us-east-1"), true, transfers);
    }

    /** An SDK client set up as the notes say works with S3Proxy: path style, WHEN_REQUIRED checksums. */
    public S3Client newClient() {
        return newClient(SECRET_KEY);
    }

    /** The same, telling {@code interceptor} of every request (to count them on the wire, say). */
    public S3Client newClient(ExecutionInterceptor interceptor) {
        return newClient(SECRET_KEY, List.of(interceptor));
    }

    /** The same with another secret: a wrong one makes S3Proxy refuse every request (403). */
    public S3Client newClient(String secretKey) {
        return newClient(secretKey, List.of());
    }

    private S3Client newClient(String secretKey, List<ExecutionInterceptor> interceptors) {
        return S3Client.builder()
                .overrideConfiguration(override -> override.executionInterceptors(interceptors))
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64).tlsTrustManagersProvider(S3TestServer::trustManagers))
                .build();
    }

    /**
     * The test keystore (its certificate names 127.0.0.1, 127.0.0.2 and localhost) as a file in
     * {@code folder}, copied there unless it is; a JVM trusts the test server given it as its
     * {@code javax.net.ssl.trustStore} (password "changeit", PKCS12), S3Proxy serves it.
     */
    public static Path keystoreIn(Path folder) throws IOException {
        Path keystore = folder.resolve(KEYSTORE);
        if (!Files.exists(keystore)) {
            try (InputStream in = S3TestServer.class.getClassLoader().getResourceAsStream(KEYSTORE)) {
                Files.copy(in, keystore);
            }
        }
        return keystore;
    }

    /** The JVM options that make a child JVM trust the test keystore (see {@link #keystoreIn}). */
    public static List<String> trustOptions(Path keystore) {
        return List.of("-Djavax.net.ssl.trustStore=" + keystore, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djavax.net.ssl.trustStoreType=PKCS12");
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

    /**
     * Makes an empty folder in S3Proxy's store on disk, behind the server's back: its listings
     * then show the folder only as a common prefix, as gateways in front of file systems do.
     * MinIO's disk is out of reach, so the calling test is skipped there.
     */
    public void createFolderOnDisk(String objectKey) {
        Assumptions.assumeTrue(storeFolder.isPresent(), "needs S3Proxy's store folder on this machine");
        try {
            Files.createDirectories(storeFolder.get().resolve(BUCKET).resolve(objectKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server, for fault tests. */
    public void stop() {
        stopper.run();
    }
}
