package xxftp.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.port.Accounts;
import xxftp.domain.port.Greetings;
import xxftp.domain.port.Ledger;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Quota;
import xxftp.ftp.events.FtpListener;
import xxftp.ftp.guard.Guard;
import xxftp.ftp.guard.SharedBans;

/** The FTP listener: accepts control connections and gives each a virtual thread. */
public final class FtpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FtpServer.class);

    private final Services services;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<ControlLoop> loops = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicLong sessionNumbers = new AtomicLong();
    private ServerSocket listener;
    private ServerSocket implicitTlsListener;
    private Thread acceptor;
    private SharedBans sharedBans;

    /** {@code listener} is told of what every session does (metrics, transfer log, hooks). */
    public FtpServer(FtpConfig config, Accounts accounts, Greetings greetings, Namespace namespace, Quota quota,
                     FtpListener listener) {
        this.services = new Services(config, accounts, greetings, namespace, quota, CommandTable.standard(),
                new PassivePorts(config.passivePorts()), new Guard(config.guard(), Clock.systemUTC()),
                timers(), listener);
    }

    /**
     * One thread for every session's timers (unused passive ports, stalled transfers). A timer
     * called off leaves the queue at once: each transfer calls off two.
     */
    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("ftp-timers").daemon().factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** Binds and starts accepting; returns the address actually bound (port 0 becomes a real port). */
    public synchronized InetSocketAddress start() throws IOException {
        listener = bind(services.config().listen());
        acceptor = Thread.ofVirtual().name("ftp-accept").start(() -> acceptLoop(listener, false));
        InetSocketAddress bound = (InetSocketAddress) listener.getLocalSocketAddress();
        log.info("Listening on {}", bound);
        if (services.config().tls().isPresent() && !FtpTls.closeNotifyRequired()) {
            log.warn("TLS uploads cut by a bare TCP close can't be told from complete ones: start the JVM with"
                    + " -Dcom.sun.net.ssl.requireCloseNotify=true (the xxftp launcher does)");
        }
        Optional<InetSocketAddress> implicit = services.config().tls().flatMap(FtpTls::implicitListen);
        if (implicit.isPresent()) {
            implicitTlsListener = bind(implicit.get());
            Thread.ofVirtual().name("ftps-accept").start(() -> acceptLoop(implicitTlsListener, true));
            log.info("Listening for implicit FTPS on {}", implicitTlsListener.getLocalSocketAddress());
        }
        return bound;
    }

    /**
     * Takes new settings while running (SIGHUP): the certificate and TLS settings for the next
     * handshakes, limits, bans and timeouts. The addresses and ports are bound already: a change
     * there needs a restart, and is logged.
     */
    public void reconfigure(FtpConfig next) {
        FtpConfig now = services.config();
        if (!next.listen().equals(now.listen()) || !next.passivePorts().equals(now.passivePorts())
                || !next.publicAddress().equals(now.publicAddress())
                || !next.tls().flatMap(FtpTls::implicitListen).equals(now.tls().flatMap(FtpTls::implicitListen))) {
            log.warn("Reload: listen addresses and passive ports change only with a restart; the rest is taken");
        }
        services.reconfigure(next);
        log.info("Reloaded the settings");
    }

    /** {@code --shared-bans}: this server's bans go to the bucket's {@code ledger}, the others' come from it. */
    public synchronized void shareBans(Ledger ledger) {
        sharedBans = new SharedBans(ledger, services.guard().defender(), Clock.systemUTC()).start();
    }

    /** The implicit FTPS address actually bound, when there is one. */
    public synchronized Optional<InetSocketAddress> implicitTlsAddress() {
        return Optional.ofNullable(implicitTlsListener).map(socket -> (InetSocketAddress) socket.getLocalSocketAddress());
    }

    private static ServerSocket bind(InetSocketAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 128);
        return socket;
    }

    private void acceptLoop(ServerSocket listener, boolean implicitTls) {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("Accept failed: {}", e.toString());
                }
                continue;
            }
            long number = sessionNumbers.incrementAndGet();
            if (sessions.incrementAndGet() > services.config().maxConnections()) {
                sessions.decrementAndGet();
                Thread.ofVirtual().start(() -> refuse(socket, socket.getRemoteSocketAddress(), "Too many connections; try again later."));
                continue;
            }
            open.add(socket);
            Thread.ofVirtual().name("ftp-session-" + number).start(() -> {
                try {
                    serve(socket, implicitTls, number);
                } finally {
                    open.remove(socket);
                    sessions.decrementAndGet();
                }
            });
        }
    }

    /** A balancer's connection names its client first (before the 220): admission and the session are that client's. */
    private void serve(Socket socket, boolean implicitTls, long number) {
        InetSocketAddress client;
        try {
            client = services.config().proxy().client(socket);
        } catch (IOException e) {
            log.warn("Closed {}: no valid PROXY header ({})", socket.getRemoteSocketAddress(), e.toString());
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return;
        }
        // banned or over its share: turned away before it costs a hash
        Optional<String> refused = services.guard().admit(client.getAddress());
        if (refused.isPresent()) {
            refuse(socket, client, refused.get());
            return;
        }
        ControlLoop loop = null;
        try {
            socket.setTcpNoDelay(true);
            loop = new ControlLoop(socket, client, services, implicitTls, number);
            loops.add(loop);
            loop.run();
        } catch (IOException e) {
            log.debug("Session setup failed: {}", e.toString());
        } finally {
            if (loop != null) {
                loops.remove(loop);
            }
            services.guard().left(client.getAddress());
        }
    }

    /** RFC 959: 421 "Service not available, closing control connection". */
    private static void refuse(Socket socket, SocketAddress client, String text) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            log.warn("Refused {}: {}", client, text);
            out.write(("421 " + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
            // the client left first
        }
    }

    /** Sessions open right now. */
    public int sessionCount() {
        return sessions.get();
    }

    /** Clients banned right now. */
    public int activeBans() {
        return services.guard().defender().activeBans();
    }

    /** Passive data listeners open right now, waiting for their connection. */
    public int passivePortsInUse() {
        return services.passivePorts().inUse();
    }

    /**
     * Stops the server as SIGTERM asks: no new connections; idle sessions hear 421 at once;
     * running transfers may finish for up to {@code grace}, then what remains is cut without
     * publishing half an upload. Returns once every session has ended.
     */
    public void shutdown(Duration grace) {
        closeListeners();
        log.info("Shutting down: {} sessions, {} s for running transfers", loops.size(), grace.toSeconds());
        long deadline = System.nanoTime() + grace.toNanos();
        while (!loops.isEmpty() && System.nanoTime() < deadline) {
            for (ControlLoop loop : loops) {
                if (!loop.transferRunning()) {
                    loop.closeForShutdown();
                }
            }
            sleepQuietly(50);
        }
        if (!loops.isEmpty()) {
            log.info("Grace period over: cutting {} sessions still in a transfer", loops.size());
            loops.forEach(ControlLoop::closeForShutdown);
        }
        long ends = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!loops.isEmpty() && System.nanoTime() < ends) {
            sleepQuietly(20);
        }
        close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void closeListeners() {
        for (ServerSocket socket : new ServerSocket[] {listener, implicitTlsListener}) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public synchronized void close() {
        closeListeners();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        services.timers().shutdownNow();
        if (sharedBans != null) {
            sharedBans.close();
        }
        if (acceptor != null) {
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
