package xxftp.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.Failure;
import xxftp.domain.Upload;

/**
 * Runs one transfer over the data connection: 150, the bytes, then 226 or the reason it
 * failed (425 no connection, 426 connection lost, or the domain's failure), and a log line.
 * Bytes stream through a fixed buffer; a file on disk goes out by zero-copy.
 */
final class DataTransfer {

    private static final Logger log = LoggerFactory.getLogger(DataTransfer.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    /** RFC 959: 426 "Connection closed; transfer aborted", for ABOR and for a broken connection. */
    private static final Reply ABORTED = Reply.of(426, "Connection closed; transfer aborted.");

    /** What flows over an open data connection. */
    @FunctionalInterface
    interface Work {
        void run(Socket data, Progress progress) throws IOException;
    }

    /** Bytes moved so far, for the log. */
    static final class Progress {
        private long bytes;

        void add(long count) {
            bytes += count;
        }
    }

    private DataTransfer() {}

    static Reply run(Session session, String what, Work work) throws IOException {
        Optional<DataEndpoint> endpoint = session.takeDataEndpoint();
        if (endpoint.isEmpty()) {
            return Reply.of(425, "Use PASV, EPSV, PORT or EPRT first.");
        }
        session.send(Reply.of(150, "Opening BINARY mode data connection for " + what + "."));
        Socket data;
        try {
            data = endpoint.get().open();
        } catch (IOException e) {
            log.info("Transfer {}: no data connection: {}", what, e.toString());
            return session.aborting() ? ABORTED : Reply.of(425, "Can't open data connection.");
        }
        session.dataOpened(data);
        Progress progress = new Progress();
        long started = System.nanoTime();
        String outcome = "failed";
        try (data) {
            work.run(data, progress);
            outcome = "complete";
            return Reply.of(226, "Transfer complete.");
        } catch (DataConnectionLost lost) {
            outcome = (session.aborting() ? "aborted" : "connection lost") + " (" + lost.getMessage() + ")";
            return ABORTED;
        } catch (Failure failure) {
            outcome = failure.getClass().getSimpleName() + " (" + failure.getMessage() + ")";
            return FailureReplies.of(failure);
        } finally {
            session.dataClosed();
            log.info("Transfer {}: {} bytes in {} ms, {}", what, progress.bytes,
                    (System.nanoTime() - started) / 1_000_000, outcome);
        }
    }

    /** Sends a download; a file channel goes by {@link FileChannel#transferTo} (zero-copy). */
    static void send(ReadableByteChannel source, Socket data, Progress progress) {
        SocketChannel out = data.getChannel();
        if (source instanceof FileChannel file) {
            try {
                long position = file.position();
                long size = file.size();
                while (position < size) {
                    long sent = file.transferTo(position, size - position, out);
                    if (sent <= 0) {
                        break;
                    }
                    position += sent;
                    progress.add(sent);
                }
                return;
            } catch (IOException e) {
                throw new DataConnectionLost(e);
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        while (true) {
            buffer.clear();
            int read;
            try {
                read = source.read(buffer);
            } catch (IOException e) {
                throw new Failure.StorageUnavailable("reading for download", e);
            }
            if (read < 0) {
                return;
            }
            buffer.flip();
            try {
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            } catch (IOException e) {
                throw new DataConnectionLost(e);
            }
            progress.add(read);
        }
    }

    /** Receives an upload into the store until the client closes the data connection. */
    static void receive(Socket data, Upload upload, Progress progress) {
        byte[] buffer = new byte[BUFFER_BYTES];
        InputStream in;
        try {
            in = data.getInputStream();
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
        while (true) {
            int read;
            try {
                read = in.read(buffer);
            } catch (IOException e) {
                throw new DataConnectionLost(e);
            }
            if (read < 0) {
                return;
            }
            try {
                upload.write(ByteBuffer.wrap(buffer, 0, read));
            } catch (IOException e) {
                throw new Failure.StorageUnavailable("writing upload", e);
            }
            progress.add(read);
        }
    }

    /** Writes text lines (listings) with CRLF endings, as RFC 959 asks for ASCII type. */
    static void sendLines(Iterable<String> lines, Socket data, Progress progress) {
        try {
            OutputStream out = new java.io.BufferedOutputStream(data.getOutputStream(), BUFFER_BYTES);
            for (String line : lines) {
                byte[] bytes = (line + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(bytes);
                progress.add(bytes.length);
            }
            out.flush();
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
    }
}
