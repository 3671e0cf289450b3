package xxftp.bootstrap.observe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.metrics.MetricPublisher;
import xxftp.domain.port.Storage;
import xxftp.ftp.FtpServer;
import xxftp.ftp.events.FtpListener;

/**
 * What watches the server, as configured: the metrics (always counted, served with a listen
 * address), the transfer log and the hooks, one listener for the FTP adapter over all of them.
 */
public final class Observability implements AutoCloseable {

    /**
     * @param metricsListen where /metrics, /healthz and /readyz are served; empty: not at all
     * @param xferlog       the transfer log's file; empty: none
     */
    public record Settings(Optional<InetSocketAddress> metricsListen, Optional<Path> xferlog, List<Hook> hooks,
                           Hooks.Settings hookSettings) {
        public Settings {
            hooks = List.copyOf(hooks);
        }

        /** Nothing but the counting. */
        public static Settings none() {
            return new Settings(Optional.empty(), Optional.empty(), List.of(), new Hooks.Settings(Hooks.Settings.DEFAULT_TIMEOUT,
                    Optional.empty(), Hooks.Settings.DEFAULT_RETRIES, Hooks.Settings.DEFAULT_BACKOFF, Hooks.Settings.DEFAULT_QUEUE));
        }
    }

    private final Settings settings;
    private final Metrics metrics = new Metrics();
    private final Optional<XferLog> xferlog;
    private final Optional<Hooks> hooks;
    private final FtpListener listener;
    private MetricsServer http;

    private Observability(Settings settings) throws IOException {
        this.settings = settings;
        this.xferlog = settings.xferlog().isEmpty() ? Optional.empty()
                : Optional.of(new XferLog(settings.xferlog().get(), ZoneId.systemDefault(), metrics::xferlogDropped));
        this.hooks = settings.hooks().isEmpty() ? Optional.empty()
                : Optional.of(new Hooks(settings.hooks(), settings.hookSettings(), metrics, Clock.systemUTC()));
        List<FtpListener> listeners = new ArrayList<>();
        listeners.add(metrics);
        xferlog.ifPresent(listeners::add);
        hooks.ifPresent(listeners::add);
        this.listener = new Observers(listeners);
    }

    /** Opens the transfer log and starts the hooks' workers. */
    public static Observability open(Settings settings) throws IOException {
        return new Observability(settings);
    }

    /** For the FTP server. */
    public FtpListener listener() {
        return listener;
    }

    /** For the S3 clients: their requests' metrics, when metrics are served (the SDK collects nothing otherwise). */
    public List<MetricPublisher> s3Metrics() {
        return settings.metricsListen().isPresent() ? List.of(metrics.s3()) : List.of();
    }

    /** Once the server runs: its gauges, and the HTTP side when a listen address is set. */
    public synchronized void serve(FtpServer server, Storage root) throws IOException {
        metrics.watch(server);
        if (settings.metricsListen().isPresent()) {
            http = MetricsServer.start(settings.metricsListen().get(), metrics.withJvm(), root);
        }
    }

    /** Where metrics are served, once {@link #serve} bound the address. */
    public synchronized Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(http).map(MetricsServer::address);
    }

    /** SIGHUP, after logrotate moved the transfer log: a new file from the next line on. */
    public void reopen() {
        xferlog.ifPresent(XferLog::reopen);
    }

    /** Stops serving metrics, delivers the hooks' queued events (a few seconds at most), writes the transfer log's last lines. */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
        hooks.ifPresent(Hooks::close);
        xferlog.ifPresent(XferLog::close);
    }
}
