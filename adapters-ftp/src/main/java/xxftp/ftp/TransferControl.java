package xxftp.ftp;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The transfer running beside the control loop (STYLE.md habit 12), and what ABOR needs to
 * cut it: the endpoint it is opening and the data socket it has open.
 */
final class TransferControl {

    /** Both of a killed client's connections close together; the control loop sees it within this. */
    static final long CLIENT_LEFT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
    /** Waits at most, each after one that overran (see {@link #clientLeft(Wait, LongSupplier)}). */
    static final int MOST_CLIENT_LEFT_WAITS = 16;

    private final DataSetup data;
    private final ReplyWriter replies;
    private final CountDownLatch controlEnded = new CountDownLatch(1);
    private Thread transfer;
    private DataEndpoint opening;
    private Socket dataSocket;
    private volatile boolean aborting;
    private volatile boolean inProgress;
    /** When the last transfer gave its final reply (System.nanoTime); long ago before the first. */
    private volatile long lastEnded = System.nanoTime() - (1L << 62);

    TransferControl(DataSetup data, ReplyWriter replies) {
        this.data = data;
        this.replies = replies;
    }

    /** Runs a data command on its own virtual thread; its final reply goes through the session's writer. */
    void start(Supplier<Reply> work) {
        aborting = false;
        inProgress = true;
        Map<String, String> context = MDC.getCopyOfContextMap();
        transfer = Thread.ofVirtual().name(Thread.currentThread().getName() + "-data").start(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            Reply reply = work.get();
            lastEnded = System.nanoTime();
            // a STAT from a client that has read this reply must not find the transfer still going
            inProgress = false;
            try {
                replies.send(reply);
            } catch (IOException gone) {
                // the client left; the control loop ends the session
            }
        });
    }

    /** Whether the transfer's thread still runs (a long transfer keeps the control connection quiet). */
    boolean running() {
        return transfer != null && transfer.isAlive();
    }

    /** Milliseconds since the last transfer ended: the control connection's idleness starts no earlier. */
    long millisSinceLastEnded() {
        return (System.nanoTime() - lastEnded) / 1_000_000;
    }

    /** Whether a transfer is under way and has not given its final reply yet (for STAT). */
    boolean inProgress() {
        return inProgress;
    }

    /** RFC 959 5.4: a command other than ABOR and STAT waits for the transfer's reply. */
    void await() {
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
        boolean running = running();
        aborting = true;
        synchronized (this) {
            data.close();
            if (opening != null) {
                // still waiting for the client to connect: stop waiting
                opening.close();
            }
            if (dataSocket != null) {
                cut(dataSocket);
            }
        }
        await();
        return running;
    }

    /** A data connection that moved nothing for too long: cut as ABOR cuts it, so nothing is published. */
    void stalled(Socket socket) {
        aborting = true;
        cut(socket);
    }

    /** Whether the running transfer is being cut by ABOR, a stall or the client leaving. */
    boolean aborting() {
        return aborting;
    }

    /** The endpoint this transfer opens; until it is connected, ABOR closes it. */
    synchronized Optional<DataEndpoint> takeEndpoint() {
        Optional<DataEndpoint> endpoint = data.take();
        opening = endpoint.orElse(null);
        return endpoint;
    }

    synchronized void dataOpened(Socket socket) {
        opening = null;
        dataSocket = socket;
        if (aborting) {
            cut(socket);
        }
    }

    synchronized void dataClosed() {
        opening = null;
        dataSocket = null;
    }

    /** The control loop has ended: the client left or quit. */
    void controlEnded() {
        controlEnded.countDown();
    }

    /**
     * Whether the client has left, waiting a moment for the control loop to notice. A client
     * killed mid-upload closes both connections at once; its data connection then looks like
     * a normal end of file, and this is how an upload tells the two apart.
     */
    boolean clientLeft() {
        try {
            return clientLeft(nanos -> controlEnded.await(nanos, TimeUnit.NANOSECONDS), System::nanoTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** One wait for the control loop's end, at most so long; true if it ended. */
    interface Wait {
        boolean await(long nanos) throws InterruptedException;
    }

    /**
     * Waits {@link #CLIENT_LEFT_WAIT_NANOS} for the control loop's end, and again while the last
     * wait overran by as much: this thread woke that late because the carriers were busy or the
     * machine starved, and the control loop, which needs a carrier too to read the client's close,
     * may not have run yet (a loaded machine published a vanished client's partial upload so). An
     * idle server answers after one wait; a starved one waits up to 16 times longer.
     */
    static boolean clientLeft(Wait wait, LongSupplier clock) throws InterruptedException {
        for (int waits = 1; ; waits++) {
            long start = clock.getAsLong();
            if (wait.await(CLIENT_LEFT_WAIT_NANOS)) {
                return true;
            }
            boolean overran = clock.getAsLong() - start >= 2 * CLIENT_LEFT_WAIT_NANOS;
            if (!overran || waits == MOST_CLIENT_LEFT_WAITS) {
                return false;
            }
        }
    }

    /**
     * Shuts the connection down before closing it: a zero-copy send (sendfile) blocked on a
     * client that stopped reading does not notice a close, but does notice a shutdown.
     */
    private static void cut(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.shutdownInput();
        } catch (IOException | UnsupportedOperationException alreadyGone) {
            // closing below is enough then
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed is what we want
        }
    }
}
