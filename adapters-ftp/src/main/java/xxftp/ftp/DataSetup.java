package xxftp.ftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data connection PASV, EPSV, PORT or EPRT set up for the next transfer, and EPSV ALL.
 * Set up on the control loop, taken by a transfer's thread, closed by ABOR: hence the lock.
 */
final class DataSetup {

    private static final Logger log = LoggerFactory.getLogger(DataSetup.class);

    private final DataPeer peer;
    private final InetAddress local;
    private final Duration timeout;
    private final ScheduledExecutorService timers;
    private DataEndpoint prepared;
    /** The unused passive listener's closing, called off when a transfer takes it or another replaces it. */
    private Future<?> expiry;
    private boolean epsvAll;

    /** {@code peer}: who may connect to a passive listener; {@code local}: our end of the control connection; {@code timers} closes unused listeners. */
    DataSetup(DataPeer peer, InetAddress local, Duration timeout, ScheduledExecutorService timers) {
        this.peer = peer;
        this.local = local;
        this.timeout = timeout;
        this.timers = timers;
    }

    /**
     * PASV or EPSV: only the control connection's peer may connect to the listener. A session
     * holds one listener at most (a new PASV closes the last), and one no transfer takes within
     * the data timeout is closed, so its port is free again.
     */
    synchronized void passive(ServerSocketChannel listener) {
        close();
        DataEndpoint.Passive endpoint = new DataEndpoint.Passive(listener, peer, timeout);
        prepared = endpoint;
        // called off once taken: at thousands of PASVs a second, 30 s of spent timers piled up in the queue
        expiry = timers.schedule(() -> expire(endpoint), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void expire(DataEndpoint endpoint) {
        if (prepared == endpoint) {
            log.info("Closed a passive data port no transfer used within {} s", timeout.toSeconds());
            close();
        }
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
        cancelExpiry();
        return Optional.ofNullable(endpoint);
    }

    /** Drops an endpoint set up and not used (its passive listener is closed). */
    synchronized void close() {
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
        cancelExpiry();
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
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
