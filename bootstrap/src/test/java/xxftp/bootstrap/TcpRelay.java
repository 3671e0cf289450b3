package xxftp.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay a test puts between a client and a server on loopback: it listens on one address
 * and forwards each port to the same port of another, optionally pacing the client's bytes to a
 * rate, as a slow link would. Like a middlebox, it passes a client's reset on as a plain close.
 */
final class TcpRelay implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;

    private final InetAddress listen;
    private final InetAddress target;
    private final long clientBytesPerSecond;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** {@code clientBytesPerSecond} 0: no pacing. */
    TcpRelay(InetAddress listen, InetAddress target, long clientBytesPerSecond) {
        this.listen = listen;
        this.target = target;
        this.clientBytesPerSecond = clientBytesPerSecond;
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
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, clientBytesPerSecond));
                Thread.ofVirtual().start(() -> pump(server, client, 0));
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

    @Override
    public void close() {
        for (ServerSocket listener : listeners) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
