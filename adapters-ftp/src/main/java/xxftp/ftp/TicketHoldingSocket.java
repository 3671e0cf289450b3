package xxftp.ftp;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

/**
 * The plain socket under a protected data connection, holding back the TLS 1.3 session ticket
 * the server sends at the end of every handshake until the server writes anything else. On an
 * upload nothing else comes, so the client (curl 7.x, lftp) never has an unread ticket when it
 * closes; with one, its kernel answers the close with a reset and drops the upload bytes it
 * still buffers, the end of the file. JSSE has no per-connection switch for tickets (OpenSSL
 * servers call SSL_set_num_tickets(0) on data connections), so this works at the record level:
 * within the handshake, a write of application_data records only (type 23) that comes after
 * the client spoke again following our handshake flight is a post-handshake message, and is
 * held. Held bytes go out, in order, before the next write or at close, so the TLS stream
 * stays whole. TLS 1.2 handshakes end with a handshake record (type 22) and pass unchanged.
 */
final class TicketHoldingSocket extends Socket {

    private static final int APPLICATION_DATA = 23;
    private static final int HANDSHAKE = 22;
    private static final int RECORD_HEADER = 5;

    private final Socket raw;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean handshakeReturned;
    private boolean wroteHandshake;
    private boolean readSinceHandshakeWrite;
    private InputStream in;
    private OutputStream out;

    TicketHoldingSocket(Socket raw) {
        this.raw = raw;
    }

    /** The TLS handshake is over (startHandshake returned): writes from now on are the server's own. */
    synchronized void handshakeReturned() {
        handshakeReturned = true;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new FilterInputStream(raw.getInputStream()) {
                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    int read = super.read(bytes, offset, length);
                    if (read > 0) {
                        sawRead();
                    }
                    return read;
                }

                @Override
                public int read() throws IOException {
                    int read = super.read();
                    if (read >= 0) {
                        sawRead();
                    }
                    return read;
                }
            };
        }
        return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) {
            OutputStream plain = raw.getOutputStream();
            out = new FilterOutputStream(plain) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (hold(bytes, offset, length)) {
                        return;
                    }
                    releaseTo(plain);
                    plain.write(bytes, offset, length);
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void flush() throws IOException {
                    plain.flush();
                }

                @Override
                public void close() throws IOException {
                    try {
                        releaseTo(plain);
                    } finally {
                        plain.close();
                    }
                }
            };
        }
        return out;
    }

    private synchronized void sawRead() {
        if (wroteHandshake) {
            readSinceHandshakeWrite = true;
        }
    }

    /** Whether these bytes are a post-handshake message to keep back (and keeps them). */
    private synchronized boolean hold(byte[] bytes, int offset, int length) {
        if (handshakeReturned) {
            return false;
        }
        RecordTypes types = RecordTypes.of(bytes, offset, length);
        if (types.handshake) {
            wroteHandshake = true;
            readSinceHandshakeWrite = false;
        }
        if (types.onlyApplicationData && readSinceHandshakeWrite) {
            held.write(bytes, offset, length);
            return true;
        }
        return false;
    }

    private synchronized void releaseTo(OutputStream plain) throws IOException {
        if (held.size() > 0) {
            held.writeTo(plain);
            held.reset();
        }
    }

    /** What kinds of TLS records a write holds, when it holds whole records. */
    private record RecordTypes(boolean handshake, boolean onlyApplicationData) {
        static RecordTypes of(byte[] bytes, int offset, int length) {
            boolean handshake = false;
            boolean onlyApplicationData = length > 0;
            int at = offset;
            int end = offset + length;
            while (at < end) {
                if (end - at < RECORD_HEADER) {
                    return new RecordTypes(handshake, false);
                }
                int type = bytes[at] & 0xff;
                int recordLength = (bytes[at + 3] & 0xff) << 8 | bytes[at + 4] & 0xff;
                handshake |= type == HANDSHAKE;
                onlyApplicationData &= type == APPLICATION_DATA;
                at += RECORD_HEADER + recordLength;
            }
            return new RecordTypes(handshake, onlyApplicationData && at == end);
        }
    }

    // --- everything else is the plain socket's

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            try {
                out.close();
            } catch (IOException gone) {
                // the client left; closing anyway
            }
        }
        raw.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        raw.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        synchronized (this) {
            if (out != null) {
                try {
                    out.flush();
                } catch (IOException gone) {
                    // reported by the shutdown below
                }
            }
        }
        raw.shutdownOutput();
    }

    @Override
    public SocketChannel getChannel() {
        // no channel: a channel would bypass the held bytes
        return null;
    }

    @Override
    public InetAddress getInetAddress() {
        return raw.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return raw.getLocalAddress();
    }

    @Override
    public int getPort() {
        return raw.getPort();
    }

    @Override
    public int getLocalPort() {
        return raw.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return raw.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return raw.getLocalSocketAddress();
    }

    @Override
    public boolean isConnected() {
        return raw.isConnected();
    }

    @Override
    public boolean isBound() {
        return raw.isBound();
    }

    @Override
    public boolean isClosed() {
        return raw.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return raw.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return raw.isOutputShutdown();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        raw.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return raw.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        raw.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return raw.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        raw.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return raw.getSoLinger();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        raw.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return raw.getKeepAlive();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        raw.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return raw.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        raw.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return raw.getReceiveBufferSize();
    }

    @Override
    public String toString() {
        return raw.toString();
    }
}
