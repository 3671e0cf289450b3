package xxftp.bootstrap.observe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;
import xxftp.ftp.FtpServer;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.events.FtpListener;

/**
 * The server's metrics, in a Prometheus registry of their own. Every name carries its unit;
 * every label has a bounded set of values (verbs of the command table, outcomes, directions):
 * never a user name, an address or a path.
 */
public final class Metrics implements FtpListener {

    /** Seconds: a command takes milliseconds, a transfer up to hours. */
    private static final double[] COMMAND_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30};
    private static final double[] TRANSFER_SECONDS = {0.01, 0.1, 1, 10, 60, 300, 1800, 7200};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter sessions = counter("xxftp_sessions_total", "Control connections served");
    private final Counter logins = counter("xxftp_logins_total", "Login attempts by outcome", "outcome");
    private final Counter commands = counter("xxftp_commands_total", "Commands by verb and reply class (2xx, 5xx, ...)",
            "verb", "reply_class");
    private final Histogram commandSeconds = Histogram.builder().name("xxftp_command_duration_seconds")
            .help("From a command's line to its final reply (a transfer's: its end)").labelNames("verb")
            .classicOnly().classicUpperBounds(COMMAND_SECONDS).register(registry);
    private final Counter transfers = counter("xxftp_transfers_total", "Data transfers by direction and outcome",
            "direction", "outcome");
    private final Counter transferBytes = counter("xxftp_transfer_bytes_total",
            "Bytes over data connections: upload in, download and listing out", "direction");
    private final Histogram transferSeconds = Histogram.builder().name("xxftp_transfer_duration_seconds")
            .help("Data transfers' durations").labelNames("direction")
            .classicOnly().classicUpperBounds(TRANSFER_SECONDS).register(registry);
    private final Counter changes = counter("xxftp_tree_changes_total", "Deletes, renames, directories made and removed", "change");
    private final Counter quotaRefusals = counter("xxftp_quota_refusals_total", "Commands refused with 552 (quota full)");
    private final Counter bans = counter("xxftp_bans_total", "Addresses banned after failed logins");
    private final Counter hookDrops = counter("xxftp_hook_events_dropped_total", "Events dropped because the hook queue was full");
    private final Counter hookRuns = counter("xxftp_hook_runs_total", "Hook commands run and URLs posted, by outcome",
            "kind", "outcome");
    private final Counter xferlogDrops = counter("xxftp_xferlog_lines_dropped_total",
            "Transfer log lines dropped because the disk fell behind");
    private final S3RequestMetrics s3 = new S3RequestMetrics(registry);

    public Metrics() {
        Arrays.stream(FtpEvent.LoginOutcome.values()).forEach(outcome -> logins.initLabelValues(label(outcome)));
        for (FtpEvent.Direction direction : FtpEvent.Direction.values()) {
            transferBytes.initLabelValues(label(direction));
            Arrays.stream(FtpEvent.Outcome.values()).forEach(outcome -> transfers.initLabelValues(label(direction), label(outcome)));
        }
    }

    /** Adds the JVM's own metrics (heap, GC, threads, ...), from the library's standard collectors. */
    public Metrics withJvm() {
        JvmMetrics.builder().register(registry);
        return this;
    }

    /** Reads the server's gauges at each scrape: sessions open, bans in force, passive ports waiting. */
    public void watch(FtpServer server) {
        gauge("xxftp_sessions_open", "Control connections open now", server::sessionCount);
        gauge("xxftp_bans_active", "Addresses banned now", server::activeBans);
        gauge("xxftp_passive_ports_in_use", "Passive data listeners waiting for their connection", server::passivePortsInUse);
    }

    /** The S3 client's metrics: requests by operation and outcome, their latency, retries. */
    public S3RequestMetrics s3() {
        return s3;
    }

    @Override
    public void on(FtpEvent event) {
        switch (event) {
            case FtpEvent.SessionStarted started -> sessions.inc();
            case FtpEvent.SessionEnded ended -> { }
            case FtpEvent.LoginAttempt login -> logins.labelValues(label(login.outcome())).inc();
            case FtpEvent.CommandDone command -> {
                commands.labelValues(command.verb(), command.replyCode() / 100 + "xx").inc();
                commandSeconds.labelValues(command.verb()).observe(command.nanos() / 1e9);
            }
            case FtpEvent.TransferDone transfer -> {
                String direction = label(transfer.direction());
                transfers.labelValues(direction, label(transfer.outcome())).inc();
                transferBytes.labelValues(direction).inc(transfer.bytes());
                transferSeconds.labelValues(direction).observe(transfer.nanos() / 1e9);
            }
            case FtpEvent.Changed changed -> changes.labelValues(label(changed.change())).inc();
            case FtpEvent.QuotaRefused refused -> quotaRefusals.inc();
            case FtpEvent.Banned banned -> bans.inc();
        }
    }

    /** A hook event that found its queue full. */
    void hookDropped() {
        hookDrops.inc();
    }

    /** A hook that ran: {@code kind} command or url, {@code ok} whether it succeeded (at last). */
    void hookRan(String kind, boolean ok) {
        hookRuns.labelValues(kind, ok ? "ok" : "failed").inc();
    }

    void xferlogDropped() {
        xferlogDrops.inc();
    }

    /** Writes every metric in the Prometheus text format (0.0.4). */
    public void scrape(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private void gauge(String name, String help, IntSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsInt())).register(registry);
    }
}
