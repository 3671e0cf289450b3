package xxftp.bootstrap.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.stream.Stream;
import xxftp.domain.model.Entry;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Storage;

/**
 * The HTTP side for monitoring: {@code /metrics} (Prometheus text format), {@code /healthz}
 * (200 while the process serves) and {@code /readyz} (200 when the root storage lists its root's
 * first entry in time, 503 otherwise: a bucket gone, a disk unmounted, S3 unreachable).
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    /** A store that takes longer than this to answer is not ready; Prometheus's scrape timeout is 10 s. */
    static final Duration READY_WITHIN = Duration.ofSeconds(5);

    private final HttpServer http;

    private MetricsServer(HttpServer http) {
        this.http = http;
    }

    public static MetricsServer start(InetSocketAddress address, Metrics metrics, Storage root) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.scrape(body);
            respond(exchange, 200, Metrics.contentType(), body.toByteArray());
        });
        http.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8)));
        http.createContext("/readyz", exchange -> {
            String problem = readiness(root);
            respond(exchange, problem.isEmpty() ? 200 : 503, "text/plain; charset=utf-8",
                    (problem.isEmpty() ? "ready\n" : "not ready: " + problem + "\n").getBytes(StandardCharsets.UTF_8));
        });
        http.start();
        log.info("Metrics and health on http://{}:{}/metrics", http.getAddress().getHostString(), http.getAddress().getPort());
        return new MetricsServer(http);
    }

    /** The address actually bound (port 0 becomes a real port). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** Empty when the root storage answered; else what went wrong, in our words. */
    private static String readiness(Storage root) {
        // a listing asks the store itself (in S3 one page of one key); the root's stat is known without asking
        CompletableFuture<Void> look = CompletableFuture.runAsync(() -> {
                    try (Stream<Entry> entries = root.list(StorageKey.ROOT)) {
                        entries.findFirst();
                    }
                },
                command -> Thread.ofVirtual().name("readyz").start(command));
        try {
            look.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            return "";
        } catch (TimeoutException slow) {
            log.warn("Not ready: the root storage did not answer within {} s", READY_WITHIN.toSeconds());
            return "storage did not answer in time";
        } catch (ExecutionException failed) {
            log.warn("Not ready: the root storage failed: {}", failed.getCause().toString());
            return "storage unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
