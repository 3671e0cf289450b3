package xxftp.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import xxftp.domain.model.Account;
import xxftp.domain.model.Failure;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.tree.UserTree;

/**
 * One control connection, served by one virtual thread as a plain blocking loop: read a line,
 * dispatch it through the command table, send the reply.
 */
final class Session implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Session.class);
    /** Both of a killed client's connections close together; the control loop sees it within this. */
    private static final long CLIENT_LEFT_WAIT_MILLIS = 3;

    private volatile Socket socket;
    private final Services services;
    private ControlChannel control;

    // FTPS state (RFC 4217)
    private boolean controlProtected;
    private boolean protectControlAfterReply;
    private boolean bufferSizeSet;
    private boolean protectData;
    private boolean implicitTls;

    // state that handlers read and change
    private Optional<Account> pendingAccount = Optional.empty();
    private String pendingUser;
    private UserTree tree;
    private VirtualPath cwd = VirtualPath.ROOT;
    private long restartOffset;
    private OptionalLong announcedBytes = OptionalLong.empty();
    private VirtualPath renameFrom;
    private DataEndpoint dataEndpoint;
    private boolean epsvAll;
    private boolean quitting;
    private int failedLogins;
    private String lastVerb;
    private boolean asciiType;
    private Set<MachineListing.Fact> mlstFacts = MachineListing.ALL_FACTS;
    private IntegrityCommands.Algorithm hashAlgorithm = IntegrityCommands.Algorithm.SHA_256;

    // the transfer running beside the control loop, and what ABOR needs to cut it
    private Thread transfer;
    private DataEndpoint opening;
    private Socket dataSocket;
    private volatile boolean aborting;
    private volatile boolean transferInProgress;
    private final CountDownLatch controlEnded = new CountDownLatch(1);

    Session(Socket socket, Services services) {
        this.socket = socket;
        this.services = services;
    }

    /** Serves an implicit FTPS connection: TLS from the first byte. */
    void runImplicitTls() {
        implicitTls = true;
        run();
    }

    @Override
    public void run() {
        MDC.put("remote", socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
        log.info("Session started");
        try {
            socket.setSoTimeout((int) services.config().idleTimeout().toMillis());
            if (implicitTls) {
                startTls(services.config().tls().orElseThrow().serverSide(socket));
            } else {
                control = new ControlChannel(socket);
            }
            send(new Reply(220, services.greetings().welcome().map(text -> text.lines().toList())
                    .filter(lines -> !lines.isEmpty()).orElse(java.util.List.of("xxftp ready."))));
            serve();
        } catch (SocketTimeoutException idle) {
            log.info("Idle timeout");
            trySend(Reply.of(421, "Idle timeout; closing control connection."));
        } catch (IOException gone) {
            log.debug("Control connection lost: {}", gone.toString());
        } finally {
            controlEnded.countDown();
            if (quitting) {
                awaitTransfer();
            } else {
                // the client is gone: a transfer still running has nobody to report to
                abort();
            }
            closeDataEndpoint();
            if (quitting && socket instanceof javax.net.ssl.SSLSocket tls) {
                FtpTls.closeGracefully(tls);
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            log.info("Session ended");
            MDC.clear();
        }
    }

    private void serve() throws IOException {
        while (!quitting) {
            Optional<ControlChannel.Line> line;
            try {
                line = control.readLine();
            } catch (SocketTimeoutException idle) {
                if (transferRunning()) {
                    continue; // a long transfer keeps its control connection quiet
                }
                throw idle;
            }
            if (line.isEmpty()) {
                return;
            }
            switch (line.get()) {
                case ControlChannel.Line.Text text -> dispatch(text.text());
                case ControlChannel.Line.NotUtf8 bad -> send(Reply.of(501, "Command is not valid UTF-8."));
                case ControlChannel.Line.TooLong tooLong -> {
                    // the rest of that line can't be told from the next command: give up on this connection
                    send(Reply.of(500, "Command line too long; closing control connection."));
                    return;
                }
            }
        }
    }

    private void dispatch(String line) throws IOException {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        Optional<Command> found = services.commands().find(verb.strip());
        if (found.isEmpty()) {
            lastVerb = null;
            send(Reply.of(500, "Unknown command."));
            return;
        }
        Command command = found.get();
        if (!command.verb().equals("ABOR") && !(command.verb().equals("STAT") && argument.isBlank())) {
            // RFC 959 5.4: other commands wait for the transfer's reply (ABOR, and STAT's
            // status of the transfer, RFC 959 4.1.3, are heard at once)
            awaitTransfer();
        }
        Optional<Reply> refused = check(command, argument);
        if (refused.isEmpty() && command.transfer()) {
            startTransfer(command, argument);
            return;
        }
        Reply reply = refused.orElseGet(() -> run(command, argument));
        lastVerb = reply.code() < 400 ? command.verb() : null;
        send(reply);
        if (protectControlAfterReply) {
            protectControlAfterReply = false;
            startTls(services.config().tls().orElseThrow().serverSide(socket));
        }
    }

    /** From here on the control connection speaks TLS (AUTH TLS, or implicit FTPS from the start). */
    private void startTls(Socket tls) throws IOException {
        socket = tls;
        control = new ControlChannel(tls);
        controlProtected = true;
        log.info("Control connection protected by {}", ((javax.net.ssl.SSLSocket) tls).getSession().getProtocol());
    }

    /** Runs a data command on its own virtual thread; it sends its own replies (150, then 226 or an error). */
    private void startTransfer(Command command, String argument) {
        lastVerb = command.verb();
        aborting = false;
        Map<String, String> context = MDC.getCopyOfContextMap();
        transferInProgress = true;
        transfer = Thread.ofVirtual().name(Thread.currentThread().getName() + "-data").start(() -> {
            MDC.setContextMap(context);
            Reply reply = run(command, argument);
            // a STAT from a client that has read this reply must not find the transfer still going
            transferInProgress = false;
            trySend(reply);
        });
    }

    private boolean transferRunning() {
        return transfer != null && transfer.isAlive();
    }

    /** Whether a transfer is under way and has not given its final reply yet (for STAT). */
    boolean transferInProgress() {
        return transferInProgress;
    }

    private void awaitTransfer() {
        if (transfer != null) {
            try {
                transfer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            transfer = null;
        }
    }

    /**
     * Cuts a running transfer (it then answers 426) by closing its data connection, which
     * unblocks it; also drops a data connection set up and not used. True if one was running.
     */
    boolean abort() {
        boolean running = transferRunning();
        aborting = true;
        synchronized (this) {
            closeDataEndpoint();
            if (opening != null) {
                // still waiting for the client to connect: stop waiting
                opening.close();
            }
            if (dataSocket != null) {
                cut(dataSocket);
            }
        }
        awaitTransfer();
        return running;
    }

    /** Whether the running transfer is being cut by ABOR or by the client leaving. */
    boolean aborting() {
        return aborting;
    }

    synchronized void dataOpened(Socket data) {
        opening = null;
        dataSocket = data;
        if (aborting) {
            cut(data);
        }
    }

    /**
     * Shuts the connection down before closing it: a zero-copy send (sendfile) blocked on a
     * client that stopped reading does not notice a close, but does notice a shutdown.
     */
    private static void cut(Socket data) {
        try {
            data.shutdownOutput();
            data.shutdownInput();
        } catch (IOException | UnsupportedOperationException alreadyGone) {
            // closing below is enough then
        }
        try {
            data.close();
        } catch (IOException ignored) {
            // closed is what we want
        }
    }

    synchronized void dataClosed() {
        opening = null;
        dataSocket = null;
    }

    /** The checks every row shares: login (530), order (503), arity (501). */
    private Optional<Reply> check(Command command, String argument) {
        if (command.needsLogin() && tree == null) {
            return Optional.of(Reply.of(530, "Please log in with USER and PASS."));
        }
        if (command.mustFollow().isPresent() && !command.mustFollow().get().equals(lastVerb)) {
            return Optional.of(Reply.of(503, "Bad sequence of commands: " + command.mustFollow().get() + " first."));
        }
        boolean hasArgument = !argument.isBlank();
        if (command.arity() == Command.Arity.REQUIRED && !hasArgument
                || command.arity() == Command.Arity.NONE && hasArgument) {
            return Optional.of(Reply.of(501, "Syntax error in parameters or arguments."));
        }
        return Optional.empty();
    }

    private Reply run(Command command, String argument) {
        try {
            return command.handler().handle(this, argument);
        } catch (Failure failure) {
            log.info("{} refused: {}", command.verb(), failure.toString());
            return FailureReplies.of(failure);
        } catch (IOException | RuntimeException bug) {
            log.error("{} failed", command.verb(), bug);
            return Reply.of(451, "Local error in processing.");
        }
    }

    /** Replies come from the control loop and from a transfer's thread: one at a time. */
    synchronized void send(Reply reply) throws IOException {
        control.send(reply);
    }

    private void trySend(Reply reply) {
        try {
            if (control != null) {
                control.send(reply);
            }
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    /**
     * Whether the client has left, waiting a moment for the control loop to notice. A client
     * killed mid-upload closes both connections at once; its data connection then looks like
     * a normal end of file, and this is how an upload tells the two apart.
     */
    boolean clientLeft() {
        try {
            return controlEnded.await(CLIENT_LEFT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    Services services() {
        return services;
    }

    // --- FTPS

    boolean controlProtected() {
        return controlProtected;
    }

    void protectControlAfterReply() {
        protectControlAfterReply = true;
    }

    void bufferSizeSet() {
        bufferSizeSet = true;
    }

    boolean bufferSizeIsSet() {
        return bufferSizeSet;
    }

    void protectData(boolean on) {
        protectData = on;
    }

    /** The control connection's TLS session, when data connections must be protected (PROT P). */
    Optional<javax.net.ssl.SSLSession> dataProtection() {
        return protectData && socket instanceof javax.net.ssl.SSLSocket tls ? Optional.of(tls.getSession()) : Optional.empty();
    }

    // --- login state

    void expectPassword(String userName, Optional<Account> account) {
        pendingUser = userName;
        pendingAccount = account;
    }

    Optional<Account> pendingAccount() {
        return pendingAccount;
    }

    String pendingUser() {
        return pendingUser;
    }

    void loggedIn(Account account) {
        tree = new UserTree(account, services.namespace(), services.quota());
        cwd = VirtualPath.ROOT;
        pendingAccount = Optional.empty();
        MDC.put("user", account.name());
        log.info("Login as {}", account.name());
    }

    boolean isLoggedIn() {
        return tree != null;
    }

    /** Counts a failed login; true when the client has used up its tries. */
    boolean loginFailed() {
        log.warn("Login failed for user {}", pendingUser);
        pendingAccount = Optional.empty();
        return ++failedLogins >= 3;
    }

    void quit() {
        quitting = true;
    }

    // --- paths

    UserTree tree() {
        return tree;
    }

    VirtualPath cwd() {
        return cwd;
    }

    void changeDirectory(VirtualPath path) {
        cwd = path;
    }

    VirtualPath path(String spelling) {
        return cwd.resolve(spelling);
    }

    // --- transfer parameters

    void restartAt(long offset) {
        restartOffset = offset;
    }

    /** The REST offset for this transfer; a REST applies to one transfer only. */
    long takeRestartOffset() {
        long offset = restartOffset;
        restartOffset = 0;
        return offset;
    }

    void announce(long bytes) {
        announcedBytes = OptionalLong.of(bytes);
    }

    /** The size ALLO announced for this upload; an ALLO applies to one upload only. */
    OptionalLong takeAnnouncedBytes() {
        OptionalLong bytes = announcedBytes;
        announcedBytes = OptionalLong.empty();
        return bytes;
    }

    void renameFrom(VirtualPath path) {
        renameFrom = path;
    }

    VirtualPath takeRenameFrom() {
        VirtualPath from = renameFrom;
        renameFrom = null;
        return from;
    }

    boolean epsvAll() {
        return epsvAll;
    }

    void setEpsvAll() {
        epsvAll = true;
    }

    /**
     * TYPE A (true) or TYPE I / L 8. Binary until TYPE A, unlike RFC 959's default: scripts
     * that never send TYPE expect their bytes unchanged, as this server always gave them.
     */
    boolean asciiType() {
        return asciiType;
    }

    void useAsciiType(boolean ascii) {
        asciiType = ascii;
    }

    /** The facts MLSD and MLST show, as OPTS MLST selected them (all by default). */
    Set<MachineListing.Fact> mlstFacts() {
        return mlstFacts;
    }

    void selectMlstFacts(Set<MachineListing.Fact> facts) {
        mlstFacts = Set.copyOf(facts);
    }

    /** The algorithm HASH uses, as OPTS HASH selected it. */
    IntegrityCommands.Algorithm hashAlgorithm() {
        return hashAlgorithm;
    }

    void selectHashAlgorithm(IntegrityCommands.Algorithm algorithm) {
        hashAlgorithm = algorithm;
    }

    /** The data connection set up for the next transfer, if any, for STAT to describe. */
    synchronized Optional<DataEndpoint> preparedDataEndpoint() {
        return Optional.ofNullable(dataEndpoint);
    }

    InetAddress peerAddress() {
        return socket.getInetAddress();
    }

    InetAddress localAddress() {
        return socket.getLocalAddress();
    }

    void usePassive(ServerSocketChannel listener) {
        closeDataEndpoint();
        dataEndpoint = new DataEndpoint.Passive(listener, peerAddress(), services.config().dataTimeout());
    }

    void useActive(java.net.InetSocketAddress target) {
        closeDataEndpoint();
        dataEndpoint = new DataEndpoint.Active(target, localAddress(), services.config().dataTimeout());
    }

    /** The endpoint set up by PASV, EPSV, PORT or EPRT, which serves one transfer. */
    synchronized Optional<DataEndpoint> takeDataEndpoint() {
        DataEndpoint endpoint = dataEndpoint;
        dataEndpoint = null;
        opening = endpoint;
        return Optional.ofNullable(endpoint);
    }

    private synchronized void closeDataEndpoint() {
        if (dataEndpoint != null) {
            dataEndpoint.close();
            dataEndpoint = null;
        }
    }
}
