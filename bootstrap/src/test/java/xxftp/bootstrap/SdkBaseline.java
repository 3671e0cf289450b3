package xxftp.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.crt.S3CrtHttpConfiguration;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import xxftp.s3.S3TestServer;

/**
 * What the AWS SDK itself reaches against an S3 endpoint, the yardsticks of the benchmark: one
 * PutObject and one GetObject on one connection (the sync Apache client), and its transfer
 * manager with parallel parts. Its uploads go through the Java multipart client on Netty (the
 * CRT client's multipart uploads fail on S3Proxy, S3-NOTES.md); its downloads through the CRT
 * client, whose ranged GETs S3Proxy serves (the Java client asks for part numbers, which
 * S3Proxy refuses with 501).
 */
final class SdkBaseline implements AutoCloseable {

    private final String bucket;
    private final Path work;
    private final S3Client sync;
    private final S3AsyncClient async;
    private final S3TransferManager uploads;
    private final S3AsyncClient crt;
    private final S3TransferManager downloads;
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    SdkBaseline(URI endpoint, String access, String secret, String bucket, Path work) {
        this.bucket = bucket;
        this.work = work;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret));
        this.sync = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(S3TestServer::trustManagers)).build();
        this.async = S3AsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().tlsTrustManagersProvider(S3TestServer::trustManagers))
                .multipartEnabled(true).build();
        this.uploads = S3TransferManager.builder().s3Client(async).build();
        this.crt = S3AsyncClient.crtBuilder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).checksumValidationEnabled(false)
                // the CRT has TLS of its own: it is told to trust S3Proxy's self-signed certificate
                .httpConfiguration(S3CrtHttpConfiguration.builder().trustAllCertificatesEnabled(true).build()).build();
        this.downloads = S3TransferManager.builder().s3Client(crt).build();
    }

    S3Client client() {
        return sync;
    }

    void putObject(String key, long size, Supplier<InputStream> content) {
        sync.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromContentProvider(content::get, size, "application/octet-stream"));
    }

    void getObject(String key) throws IOException {
        try (InputStream in = sync.getObject(r -> r.bucket(bucket).key(key))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** The transfer manager's upload of a stream of known length: parts in parallel. */
    void upload(String key, long size, InputStream content) {
        uploads.upload(u -> u.putObjectRequest(p -> p.bucket(bucket).key(key))
                .requestBody(AsyncRequestBody.fromInputStream(content, size, readers))).completionFuture().join();
    }

    /** The transfer manager's download into a file (ranges in parallel), removed after. */
    void download(String key, long size) throws IOException {
        Path file = work.resolve("sdk-download.bin");
        try {
            downloads.downloadFile(d -> d.getObjectRequest(g -> g.bucket(bucket).key(key)).destination(file))
                    .completionFuture().join();
            if (Files.size(file) != size) {
                throw new IllegalStateException("the transfer manager downloaded " + Files.size(file) + " bytes of " + size);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    void delete(String key) {
        sync.deleteObject(r -> r.bucket(bucket).key(key));
    }

    long size(String key) {
        return sync.headObject(r -> r.bucket(bucket).key(key)).contentLength();
    }

    @Override
    public void close() {
        uploads.close();
        async.close();
        downloads.close();
        crt.close();
        sync.close();
        readers.close();
    }
}
