package xxftp.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import xxftp.bootstrap.observe.Observability;
import xxftp.domain.port.Storage;
import xxftp.ftp.FtpServer;

/**
 * The server from its start to its stop, driven by signals as a service manager drives it:
 * SIGTERM (and Ctrl-C) stop it gracefully, SIGHUP reloads the settings that can change live.
 */
final class RunningServer {

    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);

    private enum Request { STOP, RELOAD }

    private final ServeOptions options;
    private final SettingSources sources;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    RunningServer(ServeOptions options, SettingSources sources) {
        this.options = options;
        this.sources = sources;
    }

    /** Serves until SIGTERM or SIGINT; returns when every session has ended. */
    int run(PrintStream out, Duration shutdownGrace) throws IOException {
        try (Observability observed = Observability.open(options.observe())) {
            return run(out, shutdownGrace, observed);
        }
    }

    private int run(PrintStream out, Duration shutdownGrace, Observability observed) throws IOException {
        Injector injector = Guice.createInjector(new StorageModule(options.storage(), observed.s3Metrics()),
                Modules.override(new ServerModule(options.ftp(), observed.listener())).with(new QuotaModule(options.quota())));
        FtpServer server = injector.getInstance(FtpServer.class);
        InetSocketAddress bound;
        try {
            bound = server.start();
        } catch (IOException e) {
            throw new IOException("can't listen on " + options.ftp().listen() + ": " + e.getMessage(), e);
        }
        Stores.sweepLeftovers(injector.getInstance(Storage.class));
        if (options.ftp().guard().sharedBans()) {
            server.shareBans(NodeFlags.bansLedger(injector.getInstance(Storage.class)));
        }
        try {
            observed.serve(server, injector.getInstance(Storage.class));
        } catch (IOException e) {
            server.close();
            throw new IOException("can't serve metrics on " + options.observe().metricsListen().orElseThrow() + ": "
                    + e.getMessage(), e);
        }
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        out.println("xxftp serving " + options.storage().describe() + " on " + bound);
        out.println("Connect:  curl ftp://" + host + ":" + bound.getPort() + "/");
        server.implicitTlsAddress().ifPresent(implicit -> out.println("Implicit FTPS on " + implicit));
        options.certificateFingerprint().ifPresent(fingerprint -> {
            out.println("FTPS with a self-signed certificate, SHA-256 fingerprint " + fingerprint);
            log.info("FTPS with a self-signed certificate, SHA-256 fingerprint {}", fingerprint);
        });
        out.println("Upload:   curl -T FILE ftp://" + host + ":" + bound.getPort() + "/incoming/");
        observed.metricsAddress().ifPresent(metrics -> out.println("Metrics:  http://" + metrics.getHostString() + ":"
                + metrics.getPort() + "/metrics"));
        out.println("Stop with Ctrl-C.");
        Signal.handle(new Signal("TERM"), signal -> requests.add(Request.STOP));
        Signal.handle(new Signal("INT"), signal -> requests.add(Request.STOP));
        Signal.handle(new Signal("HUP"), signal -> requests.add(Request.RELOAD));
        while (true) {
            Request request;
            try {
                request = requests.take();
            } catch (InterruptedException e) {
                request = Request.STOP;
            }
            if (request == Request.STOP) {
                server.shutdown(shutdownGrace);
                log.info("Stopped");
                return 0;
            }
            reload(server);
            // logrotate's postrotate: the transfer log starts a new file
            observed.reopen();
        }
    }

    /** SIGHUP: the settings read anew; a reload that fails keeps what runs, and says why. */
    private void reload(FtpServer server) {
        try {
            ServeCommand reread = (ServeCommand) sources.reparse();
            server.reconfigure(reread.options(true).ftp());
            reread.logLevels();
        } catch (UsageError | IllegalArgumentException e) {
            log.error("Reload failed, the settings stay as they were: {}", e.getMessage());
        }
    }
}
