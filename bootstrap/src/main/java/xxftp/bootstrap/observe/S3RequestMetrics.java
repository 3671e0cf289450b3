package xxftp.bootstrap.observe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * What the AWS SDK reports of each S3 call (its metric collection: operation, success, duration,
 * retries, the HTTP status of the last attempt), as Prometheus metrics. Labels: the operation
 * (PutObject, ...) and an outcome of ok, 4xx, 5xx or io (no response).
 */
public final class S3RequestMetrics implements MetricPublisher {

    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

    private final Counter requests;
    private final Histogram seconds;
    private final Counter retries;

    S3RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("xxftp_s3_requests_total").help("S3 calls by operation and outcome")
                .labelNames("operation", "outcome").register(registry);
        seconds = Histogram.builder().name("xxftp_s3_request_duration_seconds").help("S3 calls' durations, retries included")
                .labelNames("operation").classicOnly().classicUpperBounds(SECONDS).register(registry);
        retries = Counter.builder().name("xxftp_s3_retries_total").help("S3 calls' attempts after the first")
                .labelNames("operation").register(registry);
    }

    @Override
    public void publish(MetricCollection call) {
        String operation = first(call.metricValues(CoreMetric.OPERATION_NAME), "unknown");
        requests.labelValues(operation, outcome(call)).inc();
        seconds.labelValues(operation).observe(first(call.metricValues(CoreMetric.API_CALL_DURATION), Duration.ZERO).toNanos() / 1e9);
        retries.labelValues(operation).inc(first(call.metricValues(CoreMetric.RETRY_COUNT), 0));
    }

    private static String outcome(MetricCollection call) {
        if (first(call.metricValues(CoreMetric.API_CALL_SUCCESSFUL), false)) {
            return "ok";
        }
        List<MetricCollection> attempts = call.childrenWithName("ApiCallAttempt").toList();
        int status = attempts.isEmpty() ? 0 : first(attempts.getLast().metricValues(HttpMetric.HTTP_STATUS_CODE), 0);
        return status >= 500 ? "5xx" : status >= 400 ? "4xx" : "io";
    }

    private static <T> T first(List<T> values, T otherwise) {
        return values.isEmpty() ? otherwise : values.getFirst();
    }

    @Override
    public void close() {
        // the registry outlives the client
    }
}
