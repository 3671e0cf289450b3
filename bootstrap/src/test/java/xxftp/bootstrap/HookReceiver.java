package xxftp.bootstrap;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server in this JVM that takes hook POSTs and keeps them, for the tests of --hook-url
 * ("{receiver}" in {@code @ServerConfig(hookUrls)}). A path starting with {@code /flaky} answers
 * 503 to an event's first two attempts; any other path 200.
 */
final class HookReceiver {

    /** One request as it arrived. */
    record Received(String path, String event, String signature, String body) {}

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static HookReceiver shared;

    private final HttpServer http;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private HookReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                received.add(new Received(path, exchange.getRequestHeaders().getFirst("X-Xxftp-Event"),
                        exchange.getRequestHeaders().getFirst("X-Xxftp-Signature"), body));
                Matcher id = ID.matcher(body);
                boolean refuse = path.startsWith("/flaky") && id.find()
                        && attempts.computeIfAbsent(id.group(1), key -> new AtomicInteger()).incrementAndGet() <= 2;
                exchange.sendResponseHeaders(refuse ? 503 : 200, -1);
            }
        });
        http.start();
    }

    static synchronized HookReceiver get() {
        if (shared == null) {
            try {
                shared = new HookReceiver();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** What came to paths starting with {@code prefix}, in order of arrival. */
    List<Received> received(String prefix) {
        return received.stream().filter(request -> request.path().startsWith(prefix)).toList();
    }

    /** Waits (10 s at most) until {@code count} requests came to paths starting with {@code prefix}; returns them. */
    List<Received> await(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (received(prefix).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return received(prefix);
    }
}
