package xxftp.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import xxftp.bootstrap.observe.Hook;
import xxftp.bootstrap.observe.Hooks;
import xxftp.bootstrap.observe.LogFormat;
import xxftp.bootstrap.observe.Observability;

/** {@code serve}'s ways to watch it: the transfer log, metrics and health, the log's format, event hooks. */
final class ObserveFlags {

    @Option(names = "--xferlog", paramLabel = "FILE",
            description = "one line per file transfer, in the xferlog format of wu-ftpd, vsftpd and ProFTPD; reopened on SIGHUP")
    Path xferlog;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
            description = "serve /metrics (Prometheus), /healthz and /readyz there (default: off)")
    String metricsListen;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "the console log: readable lines, or one JSON object a line with the session's fields (default ${DEFAULT-VALUE})")
    String logFormat = "text";

    @Option(names = "--hook-command", paramLabel = "EVENT=COMMAND",
            description = "run COMMAND (no shell; the event in XXFTP_ variables) after each EVENT: login, logout, upload,"
                    + " download, delete, rename, mkdir, rmdir, quota-refused, ban, or *; may be given again")
    List<String> hookCommands = new ArrayList<>();

    @Option(names = "--hook-url", paramLabel = "EVENT=URL", description = "POST each EVENT to URL as JSON; may be given again")
    List<String> hookUrls = new ArrayList<>();

    @Option(names = "--hook-secret", paramLabel = "SECRET",
            description = "sign hook POSTs: header " + Hooks.SIGNATURE_HEADER + ": sha256=HMAC-SHA256 of the body, hex")
    String hookSecret;

    @Option(names = "--hook-timeout", paramLabel = "SECONDS",
            description = "a hook command's or request's longest run (default ${DEFAULT-VALUE}); a request is retried 3 times")
    long hookTimeout = Hooks.Settings.DEFAULT_TIMEOUT.toSeconds();

    LogFormat logFormat() {
        return switch (logFormat) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new UsageError("--log-format", "must be text or json, not '" + logFormat + "'");
        };
    }

    Observability.Settings settings() {
        List<Hook> hooks = new ArrayList<>();
        for (String setting : hookCommands) {
            hooks.add(hook("--hook-command", setting, true));
        }
        for (String setting : hookUrls) {
            hooks.add(hook("--hook-url", setting, false));
        }
        if (hookTimeout < 1 || hookTimeout > 3600) {
            throw new UsageError("--hook-timeout", "must be 1-3600, not " + hookTimeout);
        }
        if (hookSecret != null && hookUrls.isEmpty()) {
            throw new UsageError("--hook-secret", "needs --hook-url");
        }
        logFormat();
        return new Observability.Settings(Optional.ofNullable(metricsListen).map(text -> ServeCommand.address("--metrics-listen", text)),
                Optional.ofNullable(xferlog), hooks, new Hooks.Settings(Duration.ofSeconds(hookTimeout),
                Optional.ofNullable(hookSecret), Hooks.Settings.DEFAULT_RETRIES, Hooks.Settings.DEFAULT_BACKOFF,
                Hooks.Settings.DEFAULT_QUEUE));
    }

    private static Hook hook(String option, String setting, boolean command) {
        try {
            return command ? Hook.command(setting) : Hook.url(setting);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option, e.getMessage());
        }
    }
}
