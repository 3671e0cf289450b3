package xxftp.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import jdk.net.ExtendedSocketOptions;

/**
 * A TCP relay a test puts between a client and a server on loopback: it listens on one address
 * and forwards each port to the same port of another, optionally pacing the client's bytes to a
 * rate, as a slow link would. Like a middlebox, it passes a client's reset on as a plain close.
 * <p>
 * Or, as a long link would, it delays every byte in each direction and holds at most a window
 * of bytes in flight per connection and direction, counted from when it reads them until their
 * acknowledgement would be back (two delays later). One connection then carries at most
 * window / round trip, like one connection to a distant region: 1 MiB over 2 x 10 ms is about
 * 50 MB/s, however fast both ends are.
 */
final class TcpRelay implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final InetAddress listen;
    private final InetAddress target;
    private final long clientBytesPerSecond;
    private final long delayNanos;
    private final int window;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** {@code clientBytesPerSecond} 0: no pacing. */
    TcpRelay(InetAddress listen, InetAddress target, long clientBytesPerSecond) {
        this(listen, target, clientBytesPerSecond, Duration.ZERO, 0);
    }

    private TcpRelay(InetAddress listen, InetAddress target, long clientBytesPerSecond, Duration delay, int window) {
        this.listen = listen;
        this.target = target;
        this.clientBytesPerSecond = clientBytesPerSecond;
        this.delayNanos = delay.toNanos();
        this.window = window;
    }

    /** A long link: each byte {@code delay} late in each direction, at most {@code window} bytes in flight each way. */
    static TcpRelay longLink(InetAddress listen, InetAddress target, Duration delay, int window) {
        if (delay.isNegative() || delay.isZero() || window < CHUNK) {
            throw new IllegalArgumentException("a long link needs a delay and a window of at least " + CHUNK + " bytes");
        }
        return new TcpRelay(listen, target, 0, delay, window);
    }

    /** Relays {@code port} on the listen address to the same port on the target. */
    TcpRelay relay(int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(listen, port));
        listeners.add(listener);
        Thread.ofVirtual().name("relay-" + port).start(() -> accept(listener, port));
        return this;
    }

    private void accept(ServerSocket listener, int port) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                // a small window, so the pacing shows as a full send buffer on the client's side
                client.setReceiveBufferSize(64 * 1024);
                Socket server = new Socket(target, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                if (window > 0) {
                    new LongLink(client, server).start();
                    new LongLink(server, client).start();
                } else {
                    Thread.ofVirtual().start(() -> pump(client, server, clientBytesPerSecond));
                    Thread.ofVirtual().start(() -> pump(server, client, 0));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, long bytesPerSecond) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (bytesPerSecond > 0) {
                    LockSupport.parkNanos(read * 1_000_000_000L / bytesPerSecond);
                }
            }
        } catch (IOException endOrReset) {
            // a reset from one side becomes a plain close towards the other
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /**
     * One direction of a long link: a reader that takes window before it reads on, a writer that
     * hands each chunk over once it is due, and a releaser that gives the window back when the
     * chunk's acknowledgement would arrive. An empty chunk stands for the end of the stream.
     */
    private final class LongLink {
        private record Chunk(byte[] bytes, long readNanos) {}

        private final Socket from;
        private final Socket to;
        private final Semaphore inFlight = new Semaphore(window);
        private final BlockingQueue<Chunk> toWrite = new LinkedBlockingQueue<>();
        private final BlockingQueue<Chunk> toRelease = new LinkedBlockingQueue<>();

        LongLink(Socket from, Socket to) {
            this.from = from;
            this.to = to;
        }

        void start() {
            Thread.ofVirtual().start(this::read);
            Thread.ofVirtual().start(this::write);
            Thread.ofVirtual().start(this::release);
        }

        private void read() {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = from.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    quickAck(from);
                    inFlight.acquire(read);
                    toWrite.add(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime()));
                }
            } catch (IOException | InterruptedException endOrReset) {
                // a reset from one side becomes a plain close towards the other
            }
            toWrite.add(new Chunk(new byte[0], System.nanoTime()));
        }

        private void write() {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = toWrite.take();
                    sleepUntil(chunk.readNanos() + delayNanos);
                    if (chunk.bytes().length == 0) {
                        return;
                    }
                    out.write(chunk.bytes());
                    toRelease.add(chunk);
                }
            } catch (IOException | InterruptedException gone) {
                // the other side went away: so does this one, as with the plain relay
                closeQuietly(from);
            } finally {
                toRelease.add(new Chunk(new byte[0], 0));
            }
        }

        private void release() {
            try {
                while (true) {
                    Chunk chunk = toRelease.take();
                    if (chunk.bytes().length == 0) {
                        // the writer ended: a reader still waiting for window must not wait forever
                        inFlight.release(window);
                        return;
                    }
                    sleepUntil(chunk.readNanos() + 2 * delayNanos);
                    inFlight.release(chunk.bytes().length);
                }
            } catch (InterruptedException ignored) {
                // closing
            }
        }

        /**
         * The relay's own hop is loopback, whose ACK a real link's middlebox would not delay: a
         * sender with Nagle on (S3Proxy's Jetty) holds its response's second write until the first
         * is acknowledged, and Linux's delayed ACK made that up to 40 ms (an exchange of two writes
         * took 69 ms through the relay instead of 23). The kernel clears the flag, so set it per read.
         */
        private static void quickAck(Socket socket) throws IOException {
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
                socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        }

        private static void sleepUntil(long nanos) throws InterruptedException {
            long left = nanos - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        for (ServerSocket listener : listeners) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        open.forEach(TcpRelay::closeQuietly);
    }
}
