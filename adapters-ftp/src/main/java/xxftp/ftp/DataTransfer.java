package xxftp.ftp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.port.Upload;
import xxftp.ftp.events.FtpEvent;

/**
 * Runs one transfer over the data connection: 150, the bytes, then 226 or the reason it
 * failed (425 no connection, 426 connection lost, or the domain's failure), and a log line.
 * Bytes stream through a buffer taken for the transfer; a file on disk goes out by zero-copy.
 */
final class DataTransfer {

    private static final Logger log = LoggerFactory.getLogger(DataTransfer.class);
    /** A listing's lines are written in blocks of this size. */
    private static final int LINES_BUFFER_BYTES = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    /** How much of a refused upload is still read (and dropped) so the client hears the reply. */
    private static final long DRAIN_LIMIT_BYTES = 64L << 20;
    /** RFC 959: 426 "Connection closed; transfer aborted", for ABOR and for a broken connection. */
    private static final Reply ABORTED = Reply.of(426, "Connection closed; transfer aborted.");

    /** What flows over an open data connection. */
    @FunctionalInterface
    interface Work {
        void run(Socket data, Progress progress) throws IOException;
    }

    /** Bytes moved so far, for the log, and when the last moved, for the stall watch; an upload's hash once stored. */
    static final class Progress {
        private long bytes;
        private volatile long lastMoved = System.nanoTime();
        private Optional<String> sha256 = Optional.empty();

        void add(long count) {
            bytes += count;
            lastMoved = System.nanoTime();
        }

        long stalledNanos() {
            return System.nanoTime() - lastMoved;
        }

        void stored(Optional<String> hash) {
            sha256 = hash;
        }
    }

    private DataTransfer() {}

    static Reply run(Session session, TransferSubject what, Work work) throws IOException {
        return run(session, what, "Opening " + (session.parameters().asciiType() ? "ASCII" : "BINARY")
                + " mode data connection for " + what + ".", work);
    }

    /** A transfer whose 150 says something of its own (STOU names its file there, RFC 1123 4.1.2.9). */
    static Reply run(Session session, TransferSubject what, String opening, Work work) throws IOException {
        Optional<DataEndpoint> endpoint = session.transfers().takeEndpoint();
        if (endpoint.isEmpty()) {
            return Reply.of(425, "Use PASV, EPSV, PORT or EPRT first.");
        }
        session.replies().send(Reply.of(150, opening));
        Socket raw;
        try {
            raw = endpoint.get().open();
        } catch (IOException e) {
            log.info("Transfer {}: no data connection: {}", what, e.toString());
            session.transfers().dataClosed();
            return session.transfers().aborting() ? ABORTED : Reply.of(425, "Can't open data connection.");
        }
        session.transfers().dataOpened(raw);
        Socket data;
        try {
            data = protect(session, raw);
        } catch (IOException e) {
            log.info("Transfer {}: data connection TLS failed: {}", what, e.toString());
            session.transfers().dataClosed();
            close(raw);
            // our words, not the TLS library's (STYLE.md habit 4); the cause is in the log above
            return session.transfers().aborting() ? ABORTED : Reply.of(522, e instanceof SessionNotResumed
                    ? SessionNotResumed.TEXT : "TLS negotiation on the data connection failed.");
        }
        Progress progress = new Progress();
        long started = System.nanoTime();
        String outcome = "failed";
        FtpEvent.Outcome result = FtpEvent.Outcome.FAILED;
        ScheduledFuture<?> watch = watchForStall(session, raw, progress);
        try (data) {
            work.run(data, progress);
            if (data instanceof SSLSocket tls) {
                FtpTls.closeGracefully(tls);
            }
            outcome = "complete";
            result = FtpEvent.Outcome.COMPLETE;
            return Reply.of(226, "Transfer complete.");
        } catch (DataConnectionLost lost) {
            outcome = (session.transfers().aborting() ? "aborted" : "connection lost") + " (" + lost.getMessage() + ")";
            result = session.transfers().aborting() ? FtpEvent.Outcome.ABORTED : FtpEvent.Outcome.LOST;
            return ABORTED;
        } catch (Failure failure) {
            outcome = failure.getClass().getSimpleName() + " (" + failure.getMessage() + ")";
            if (failure instanceof Failure.QuotaExceeded) {
                session.events().quotaRefused(what.verb(), what.path());
            }
            return FailureReplies.of(failure);
        } finally {
            watch.cancel(false);
            session.transfers().dataClosed();
            long nanos = System.nanoTime() - started;
            log.info("Transfer {}: {} bytes in {} ms, {}", what, progress.bytes, nanos / 1_000_000, outcome);
            session.events().transfer(what, progress.bytes, nanos, session.parameters().asciiType(), result, progress.sha256);
        }
    }

    /**
     * A data connection that moves no byte for the idle timeout is cut, so the transfer ends
     * with 426 (an upload is then not published): a read times out by itself, but a download to
     * a client that stopped reading would block in its write for ever.
     */
    private static ScheduledFuture<?> watchForStall(Session session, Socket raw, Progress progress) {
        long idle = session.services().config().idleTimeout().toNanos();
        long period = Math.max(1, Math.min(TimeUnit.SECONDS.toMillis(1), TimeUnit.NANOSECONDS.toMillis(idle) / 4));
        return session.services().timers().scheduleAtFixedRate(() -> {
            if (progress.stalledNanos() > idle) {
                log.info("Data connection moved nothing for {} s: cutting it", TimeUnit.NANOSECONDS.toSeconds(idle));
                session.transfers().stalled(raw);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * PROT P: the data connection becomes a TLS server socket too, and (unless switched off)
     * must resume the control connection's session: proof it comes from the same client.
     */
    private static Socket protect(Session session, Socket raw) throws IOException {
        Optional<SSLSession> control = session.protection().dataProtection();
        if (control.isEmpty()) {
            return raw;
        }
        FtpTls tls = session.services().config().tls().orElseThrow();
        SSLSocket data = tls.dataSide(raw);
        if (tls.sessionReuseRequired() && !FtpTls.resumed(data.getSession(), control.get())) {
            // a TLS close (close_notify), so the client sees a refusal, not a broken connection
            data.close();
            throw new SessionNotResumed();
        }
        return data;
    }

    /** A protected data connection that started a TLS session of its own. */
    private static final class SessionNotResumed extends IOException {
        static final String TEXT = "Data connection must resume the TLS session of the control connection.";

        SessionNotResumed() {
            super(TEXT);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Sends a download; a file channel goes by {@link FileChannel#transferTo} (zero-copy). */
    static void send(ReadableByteChannel source, Socket data, Progress progress) {
        WritableByteChannel out;
        try {
            // a TLS socket layered on a plain one hands out the plain one's channel, which would
            // send clear text: TLS bytes go through its stream (and so never by zero-copy)
            out = data instanceof SSLSocket ? Channels.newChannel(data.getOutputStream()) : data.getChannel();
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
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
        ByteBuffer buffer = TransferBuffers.take();
        try {
            while (true) {
                int read = readStored(source, buffer);
                if (read < 0) {
                    return;
                }
                try {
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                } catch (IOException e) {
                    throw new DataConnectionLost(e);
                }
                progress.add(read);
            }
        } finally {
            TransferBuffers.give(buffer);
        }
    }

    /**
     * Refills {@code buffer} (cleared, then flipped for reading) from stored bytes; the store's
     * I/O errors are its failures, not the client's connection's. Returns -1 at the end.
     */
    static int readStored(ReadableByteChannel source, ByteBuffer buffer) {
        buffer.clear();
        try {
            int read = source.read(buffer);
            buffer.flip();
            return read;
        } catch (IOException e) {
            throw new Failure.StorageUnavailable("reading stored bytes", e);
        }
    }

    /**
     * Receives an upload into the store until the client closes the data connection. The bytes go
     * from the socket into a direct buffer and from there to the store, with no copy between.
     */
    static void receive(Socket data, Upload upload, Progress progress) {
        ReadableByteChannel in = incoming(data);
        ByteBuffer buffer = TransferBuffers.take();
        try {
            while (true) {
                buffer.clear();
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    throw new DataConnectionLost(e);
                }
                if (read < 0) {
                    return;
                }
                buffer.flip();
                try {
                    while (buffer.hasRemaining()) {
                        upload.write(buffer);
                    }
                } catch (IOException e) {
                    throw new Failure.StorageUnavailable("writing upload", e);
                } catch (Failure.QuotaExceeded full) {
                    upload.abort();
                    drain(in, buffer);
                    throw full;
                }
                progress.add(read);
            }
        } finally {
            TransferBuffers.give(buffer);
        }
    }

    /** A TLS socket's bytes come through its stream (its channel, the plain one's, would give the TLS records). */
    private static ReadableByteChannel incoming(Socket data) {
        try {
            return data instanceof SSLSocket ? Channels.newChannel(data.getInputStream()) : data.getChannel();
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
    }

    /**
     * Reads and drops what the client still sends after a refusal, up to a bound: a client
     * whose data connection is cut mid-send (curl) fails with "broken pipe" and never reads
     * the 552 that says why.
     */
    private static void drain(ReadableByteChannel in, ByteBuffer buffer) {
        long left = DRAIN_LIMIT_BYTES;
        try {
            int read;
            while (left > 0 && (read = in.read(buffer.clear())) >= 0) {
                left -= read;
            }
        } catch (IOException ignored) {
            // the client stopped first: nothing more to drop
        }
    }

    /**
     * Writes text lines (listings) with CRLF endings, as RFC 959 asks for ASCII type. The stream
     * pushes its lines here: pulled through an iterator, each went through a buffer of its own first.
     */
    static void sendLines(Stream<String> lines, Socket data, Progress progress) {
        OutputStream out;
        try {
            out = new BufferedOutputStream(data.getOutputStream(), LINES_BUFFER_BYTES);
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
        lines.forEachOrdered(line -> {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            try {
                out.write(bytes);
                out.write(CRLF);
            } catch (IOException e) {
                throw new DataConnectionLost(e);
            }
            progress.add(bytes.length + CRLF.length);
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
    }
}
