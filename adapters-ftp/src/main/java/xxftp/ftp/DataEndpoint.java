package xxftp.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the next data connection comes from: a passive listener or an active target. */
sealed interface DataEndpoint {

    /** Opens the data connection; its socket has a channel (for zero-copy) and a read timeout. */
    Socket open() throws IOException;

    void close();

    /**
     * PASV/EPSV. Only the session's client (see {@link DataPeer}) may connect: anyone else is turned
     * away, so a stranger can't steal a transfer by racing to the port.
     */
    record Passive(ServerSocketChannel listener, DataPeer allowedPeer, Duration timeout) implements DataEndpoint {

        private static final Logger log = LoggerFactory.getLogger(Passive.class);

        @Override
        public Socket open() throws IOException {
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    listener.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                    Socket socket = listener.socket().accept();
                    if (allowedPeer.admits(socket)) {
                        socket.setSoTimeout((int) timeout.toMillis());
                        return socket;
                    }
                    log.warn("Refused data connection from {}, expected {}", socket.getInetAddress(), allowedPeer);
                    socket.close();
                    if (System.nanoTime() > deadline) {
                        throw new SocketTimeoutException("no data connection from " + allowedPeer);
                    }
                }
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** PORT/EPRT: connect out to the client, from the address it reached us on. */
    record Active(InetSocketAddress target, InetAddress localAddress, Duration timeout) implements DataEndpoint {

        @Override
        public Socket open() throws IOException {
            SocketChannel channel = SocketChannel.open();
            try {
                Socket socket = channel.socket();
                socket.bind(new InetSocketAddress(localAddress, 0));
                socket.connect(target, (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                return socket;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() {
            // nothing is held until open()
        }
    }
}
