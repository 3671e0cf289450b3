package xxftp.ftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * The data connection PASV, EPSV, PORT or EPRT set up for the next transfer, and EPSV ALL.
 * Set up on the control loop, taken by a transfer's thread, closed by ABOR: hence the lock.
 */
final class DataSetup {

    private final InetAddress peer;
    private final InetAddress local;
    private final Duration timeout;
    private DataEndpoint prepared;
    private boolean epsvAll;

    /** {@code peer} and {@code local} are the control connection's ends. */
    DataSetup(InetAddress peer, InetAddress local, Duration timeout) {
        this.peer = peer;
        this.local = local;
        this.timeout = timeout;
    }

    /** PASV or EPSV: only the control connection's peer may connect to the listener. */
    synchronized void passive(ServerSocketChannel listener) {
        close();
        prepared = new DataEndpoint.Passive(listener, peer, timeout);
    }

    /** PORT or EPRT: connect out to the target from the address the client reached us on. */
    synchronized void active(InetSocketAddress target) {
        close();
        prepared = new DataEndpoint.Active(target, local, timeout);
    }

    /** What is set up, for STAT to describe. */
    synchronized Optional<DataEndpoint> prepared() {
        return Optional.ofNullable(prepared);
    }

    /** The endpoint for this transfer: it serves one transfer only. */
    synchronized Optional<DataEndpoint> take() {
        DataEndpoint endpoint = prepared;
        prepared = null;
        return Optional.ofNullable(endpoint);
    }

    /** Drops an endpoint set up and not used (its passive listener is closed). */
    synchronized void close() {
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
    }

    /** RFC 2428 4: after EPSV ALL, only EPSV may set up a data connection. */
    synchronized boolean epsvAll() {
        return epsvAll;
    }

    synchronized void setEpsvAll() {
        epsvAll = true;
    }
}
