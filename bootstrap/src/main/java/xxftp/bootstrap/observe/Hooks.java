package xxftp.bootstrap.observe;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.events.FtpListener;

/**
 * Runs the hooks of each event after it happened, never on a session's thread: events wait in
 * bounded queues, one per lane, and a lane's worker delivers them one after the other, so the
 * events of one file (one path) arrive in order. A full lane drops the event, counted and
 * logged; a slow or failing hook delays only its lane. Commands run without a shell and with
 * the event in XXFTP_ variables; URLs get the event POSTed as JSON, retried with backoff, signed
 * with HMAC-SHA256 when a secret is set.
 */
public final class Hooks implements FtpListener, AutoCloseable {

    /** The header of the signature: {@code sha256=} and the hex HMAC-SHA256 of the body under the secret. */
    public static final String SIGNATURE_HEADER = "X-Xxftp-Signature";
    private static final Logger log = LoggerFactory.getLogger(Hooks.class);
    private static final int LANES = 4;

    /**
     * @param timeout a command's or request's longest run (then killed, or given up)
     * @param retries a URL's further attempts after a failed one (connection trouble, 408, 429, 5xx)
     * @param backoff the wait before the first retry, doubled for each next one
     * @param queue   events one lane holds
     */
    public record Settings(Duration timeout, Optional<String> secret, int retries, Duration backoff, int queue) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
        public static final int DEFAULT_RETRIES = 3;
        public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
        public static final int DEFAULT_QUEUE = 1000;
    }

    private record Delivery(HookEvent event, List<Hook> hooks) {}

    private final List<Hook> hooks;
    private final Settings settings;
    private final Metrics metrics;
    private final Clock clock;
    private final HttpClient http;
    private final List<BlockingQueue<Delivery>> lanes = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closing;

    public Hooks(List<Hook> hooks, Settings settings, Metrics metrics, Clock clock) {
        this.hooks = List.copyOf(hooks);
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        for (int lane = 0; lane < LANES; lane++) {
            BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(settings.queue());
            lanes.add(queue);
            workers.add(Thread.ofVirtual().name("hooks-" + lane).start(() -> work(queue)));
        }
    }

    /** Hooks want to know where files are and what an upload's hash is. */
    @Override
    public boolean wantsDetails() {
        return true;
    }

    @Override
    public void on(FtpEvent event) {
        Optional<HookEvent> hooked = HookEvent.of(event, clock.instant());
        if (hooked.isEmpty()) {
            return;
        }
        List<Hook> wanting = hooks.stream().filter(hook -> hook.wants(hooked.get().event())).toList();
        if (wanting.isEmpty()) {
            return;
        }
        BlockingQueue<Delivery> lane = lanes.get(Math.floorMod(hooked.get().orderKey().hashCode(), LANES));
        if (!lane.offer(new Delivery(hooked.get(), wanting))) {
            metrics.hookDropped();
            log.warn("Hook queue full: dropped the {} event of {}", hooked.get().event(), hooked.get().orderKey());
        }
    }

    private void work(BlockingQueue<Delivery> lane) {
        while (!closing || !lane.isEmpty()) {
            Delivery delivery;
            try {
                delivery = lane.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (delivery == null) {
                continue;
            }
            for (Hook hook : delivery.hooks()) {
                boolean ok = switch (hook.action()) {
                    case Hook.Action.Command command -> run(command, delivery.event());
                    case Hook.Action.Url url -> post(url, delivery.event());
                };
                metrics.hookRan(hook.action() instanceof Hook.Action.Command ? "command" : "url", ok);
            }
        }
    }

    private boolean run(Hook.Action.Command command, HookEvent event) {
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(EventJson.environment(event));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.warn("Hook {} on {}: still running after {} s, killed", command.argv().getFirst(), event.event(),
                        settings.timeout().toSeconds());
                return false;
            }
            if (process.exitValue() != 0) {
                log.warn("Hook {} on {}: exit code {}", command.argv().getFirst(), event.event(), process.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.warn("Hook {} on {}: can't run: {}", command.argv().getFirst(), event.event(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean post(Hook.Action.Url url, HookEvent event) {
        String body = EventJson.of(event);
        HttpRequest.Builder request = HttpRequest.newBuilder(url.uri()).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "xxftp")
                .header("X-Xxftp-Event", event.event())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        settings.secret().ifPresent(secret -> request.header(SIGNATURE_HEADER, "sha256=" + hmac(secret, body)));
        Duration wait = settings.backoff();
        for (int attempt = 0; ; attempt++) {
            String problem;
            try {
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return true;
                }
                problem = "status " + status;
                if (status != 408 && status != 429 && status < 500) {
                    log.warn("Hook {} on {}: {}, not retried", url.uri(), event.event(), problem);
                    return false;
                }
            } catch (IOException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (attempt == settings.retries() || closing) {
                log.warn("Hook {} on {}: {}, given up after {} attempts", url.uri(), event.event(), problem, attempt + 1);
                return false;
            }
            log.info("Hook {} on {}: {}, retrying in {} ms", url.uri(), event.event(), problem, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wait = wait.multipliedBy(2);
        }
    }

    /** HMAC-SHA256 of the body under the secret, hex: what a receiver recomputes to trust the sender. */
    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Delivers what is queued for up to {@code grace}, then stops. */
    public void close(Duration grace) {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : workers) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (!worker.join(Duration.ofMillis(left))) {
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
