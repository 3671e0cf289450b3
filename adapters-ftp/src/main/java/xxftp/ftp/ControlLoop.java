package xxftp.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One control connection, served by one virtual thread as a plain blocking loop: read a line,
 * hand it to the {@link Dispatcher}; and the connection's life around that, from the 220 to
 * closing, with the switch to TLS (RFC 4217).
 */
final class ControlLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

    private final Services services;
    private final boolean implicitTls;
    private final long number;
    private final InetSocketAddress client;
    private final Session session;
    private final Dispatcher dispatcher;
    /** The log's fields of this session, set again after each command line: made once. */
    private final String sessionTag;
    private final String remoteTag;
    private volatile Socket socket;
    private ControlChannel lines;

    /**
     * {@code client}: whom the connection speaks for (a PROXY header's source, else the socket's peer);
     * {@code implicitTls}: TLS from the first byte (implicit FTPS); {@code number}: the session's, since the start.
     */
    ControlLoop(Socket socket, InetSocketAddress client, Services services, boolean implicitTls, long number) {
        this.socket = socket;
        this.client = client;
        this.services = services;
        this.implicitTls = implicitTls;
        this.number = number;
        this.sessionTag = Long.toString(number);
        this.remoteTag = client.getAddress().getHostAddress() + ":" + client.getPort();
        // silent until the connection is set up: an implicit FTPS handshake that times out hears nothing
        this.session = new Session(services, new ReplyWriter(OutputStream.nullOutputStream()), number,
                client.getAddress(), socket.getLocalAddress(),
                DataPeer.of(services.config().proxy(), socket.getInetAddress(), client.getAddress()));
        this.dispatcher = new Dispatcher(services.commands(), session);
    }

    @Override
    public void run() {
        tagLog();
        log.info("Session started");
        session.events().started();
        try {
            // the handshake of implicit FTPS and the greeting count against the login timeout too
            socket.setSoTimeout((int) Math.min(services.config().idleTimeout().toMillis(),
                    services.config().guard().loginTimeout().toMillis()));
            if (implicitTls) {
                startTls();
            } else {
                lines = new ControlChannel(socket.getInputStream());
                session.replies().switchTo(socket.getOutputStream());
            }
            session.replies().send(new Reply(220, services.greetings().welcome().map(text -> text.lines().toList())
                    .filter(welcome -> !welcome.isEmpty()).orElse(List.of("xxftp ready."))));
            serve();
        } catch (SocketTimeoutException idle) {
            tagLog();
            if (session.login().isLoggedIn()) {
                log.info("Idle timeout");
                sendQuietly(Reply.of(421, "Idle timeout; closing control connection."));
            } else {
                log.info("Login timeout");
                sendQuietly(Reply.of(421, "Login timeout; closing control connection."));
            }
        } catch (IOException gone) {
            tagLog();
            log.debug("Control connection lost: {}", gone.toString());
        } finally {
            tagLog();
            end();
        }
    }

    private void serve() throws IOException {
        long loginDeadline = System.nanoTime() + services.config().guard().loginTimeout().toNanos();
        int idleMillis = (int) services.config().idleTimeout().toMillis();
        boolean first = true;
        int idleLeft = idleMillis;
        while (!session.quitting()) {
            Optional<ControlChannel.Line> line;
            try {
                // until a login, the shorter of the idle timeout and what is left of the login timeout
                long loginLeft = (loginDeadline - System.nanoTime()) / 1_000_000;
                if (!session.login().isLoggedIn() && loginLeft <= 0) {
                    throw new SocketTimeoutException("no login in time");
                }
                socket.setSoTimeout(session.login().isLoggedIn() ? idleLeft : (int) Math.max(1, Math.min(idleLeft, loginLeft)));
                idleLeft = idleMillis;
                // a session waiting for its next command holds no log context: 10,000 idle ones would hold 10,000 maps
                MDC.clear();
                line = lines.readLine();
                tagLog();
            } catch (SocketTimeoutException idle) {
                if (session.transfers().running()) {
                    continue; // a long transfer keeps its control connection quiet
                }
                // idle is counted from the last transfer's end too: one cut for stalling just now is not idleness yet
                long sinceTransfer = session.transfers().millisSinceLastEnded();
                if (sinceTransfer < idleMillis) {
                    idleLeft = (int) Math.max(1, idleMillis - sinceTransfer);
                    continue;
                }
                throw idle;
            }
            if (line.isEmpty() || first && isProxyHeader(line.get())) {
                return;
            }
            first = false;
            switch (line.get()) {
                case ControlChannel.Line.Text text -> {
                    dispatcher.dispatch(text.text());
                    if (session.protection().takeUpgradeRequest()) {
                        startTls();
                    }
                }
                case ControlChannel.Line.NotUtf8 bad -> session.replies().send(Reply.of(501, "Command is not valid UTF-8."));
                case ControlChannel.Line.TooLong tooLong -> {
                    // the rest of that line can't be told from the next command: give up on this connection
                    session.replies().send(Reply.of(500, "Command line too long; closing control connection."));
                    return;
                }
            }
        }
    }

    /** The log's fields for this session's lines: its number, the client, and the user once logged in. */
    private void tagLog() {
        MDC.put("session", sessionTag);
        MDC.put("remote", remoteTag);
        session.login().userName().ifPresent(user -> MDC.put("user", user));
    }

    /**
     * A first line that is a PROXY header, from a peer not listed as a balancer: whoever sends it wants to pass for
     * someone else. (A v2 header's signature reads as empty lines, then QUIT, by its design.)
     */
    private boolean isProxyHeader(ControlChannel.Line line) {
        if (line instanceof ControlChannel.Line.Text text && text.text().startsWith("PROXY ")) {
            log.warn("Closed: a PROXY header from {}, which is not a listed balancer", socket.getInetAddress());
            return true;
        }
        return false;
    }

    /** From here on the control connection speaks TLS (AUTH TLS, or implicit FTPS from the start). */
    private void startTls() throws IOException {
        SSLSocket tls = services.config().tls().orElseThrow().serverSide(socket);
        socket = tls;
        lines = new ControlChannel(tls.getInputStream());
        session.replies().switchTo(tls.getOutputStream());
        session.protection().controlProtectedBy(tls::getSession);
        log.info("Control connection protected by {}", tls.getSession().getProtocol());
    }

    private void end() {
        TransferControl transfers = session.transfers();
        transfers.controlEnded();
        if (session.quitting()) {
            transfers.await();
        } else {
            // the client is gone: a transfer still running has nobody to report to
            transfers.abort();
        }
        session.data().close();
        session.login().userName().ifPresent(services.guard()::loggedOut);
        if (session.quitting() && socket instanceof SSLSocket tls) {
            FtpTls.closeGracefully(tls);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        log.info("Session ended");
        session.events().ended();
        MDC.clear();
    }

    /** Whether this session is in a transfer (a shutdown lets it finish). */
    boolean transferRunning() {
        return session.transfers().running();
    }

    /**
     * The server stops: a transfer still running is cut (426, an upload not published), then the
     * session hears 421 and its connection closes, which ends this loop.
     */
    void closeForShutdown() {
        session.transfers().abort();
        sendQuietly(Reply.of(421, "Server shutting down; closing control connection."));
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void sendQuietly(Reply reply) {
        try {
            session.replies().send(reply);
        } catch (IOException ignored) {
            // the client is gone already
        }
    }
}
