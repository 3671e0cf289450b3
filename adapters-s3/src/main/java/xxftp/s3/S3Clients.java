package xxftp.s3;

import java.util.List;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the production S3 client: credentials from the SDK's default chain, metrics to the given publishers. */
public final class S3Clients {

    /** Enough for every session's transfers and a folder rename's parallel copies at once. */
    static final int MAX_CONNECTIONS = 128;

    private S3Clients() {}

    /** {@code metrics}: told of every request (operation, outcome, latency, retries); none: the SDK collects nothing. */
    public static S3Client create(S3Settings settings, List<MetricPublisher> metrics) {
        S3ClientBuilder builder = S3Client.builder()
                // a body goes out with its headers: waiting for "100 Continue" costs each part a round
                // trip, 10-30 % of its time over a long link (bench/run); a refusal of our credentials
                // shows on the small requests that come first (CreateMultipartUpload, HEAD)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS).expectContinueEnabled(false))
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(override -> override.metricPublishers(metrics));
        settings.endpoint().ifPresent(endpoint -> builder
                .endpointOverride(endpoint)
                // S3-compatible stores often reject the SDK's default aws-chunked CRC trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        settings.region().map(Region::of)
                .or(() -> settings.endpoint().map(endpoint -> Region.US_EAST_1))
                .ifPresent(builder::region);
        return builder.build();
    }
}
