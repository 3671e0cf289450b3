package xxftp.ftp;

import java.net.InetAddress;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.tree.UserTree;

/**
 * What a command handler reads and changes: one client's state, apart from its sockets, so a
 * handler runs the same in a unit test. Each concern is a type of its own; the paths live here.
 */
final class Session {

    private final Services services;
    private final ReplyWriter replies;
    private final InetAddress peerAddress;
    private final InetAddress localAddress;
    private final Login login = new Login();
    private final TransferParameters parameters = new TransferParameters();
    private final Protection protection = new Protection();
    private final DataSetup data;
    private final TransferControl transfers;
    private final SessionEvents events;
    private VirtualPath cwd = VirtualPath.ROOT;
    private VirtualPath renameFrom;
    private boolean quitting;

    /**
     * {@code number}: the session's since the server started; {@code peerAddress} and
     * {@code localAddress} are the control connection's ends, the peer being the client a PROXY
     * header named, if any; {@code dataPeer}: who may open a passive data connection.
     */
    Session(Services services, ReplyWriter replies, long number, InetAddress peerAddress, InetAddress localAddress,
            DataPeer dataPeer) {
        this.services = services;
        this.replies = replies;
        this.peerAddress = peerAddress;
        this.localAddress = localAddress;
        this.data = new DataSetup(dataPeer, localAddress, services.config().dataTimeout(), services.timers());
        this.transfers = new TransferControl(data, replies);
        this.events = new SessionEvents(services.listener(), number, peerAddress, login);
    }

    Services services() {
        return services;
    }

    /** Where every reply goes, preliminary ones (150) included. */
    ReplyWriter replies() {
        return replies;
    }

    Login login() {
        return login;
    }

    TransferParameters parameters() {
        return parameters;
    }

    Protection protection() {
        return protection;
    }

    DataSetup data() {
        return data;
    }

    TransferControl transfers() {
        return transfers;
    }

    /** What the server's listener hears of this session. */
    SessionEvents events() {
        return events;
    }

    /** The logged-in user's tree (rows that need a login run only after one). */
    UserTree tree() {
        return login.tree();
    }

    InetAddress peerAddress() {
        return peerAddress;
    }

    InetAddress localAddress() {
        return localAddress;
    }

    VirtualPath cwd() {
        return cwd;
    }

    void changeDirectory(VirtualPath path) {
        cwd = path;
    }

    /** A client's spelling of a path, relative to the working directory unless absolute. */
    VirtualPath path(String spelling) {
        return cwd.resolve(spelling);
    }

    /** RNFR: the source of the RNTO that must follow. */
    void renameFrom(VirtualPath path) {
        renameFrom = path;
    }

    VirtualPath takeRenameFrom() {
        VirtualPath from = renameFrom;
        renameFrom = null;
        return from;
    }

    /** QUIT, or too many failed logins: the control loop ends after this reply. */
    void quit() {
        quitting = true;
    }

    boolean quitting() {
        return quitting;
    }
}
