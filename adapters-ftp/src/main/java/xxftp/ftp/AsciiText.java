package xxftp.ftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import xxftp.domain.model.Failure;
import xxftp.domain.port.Upload;

/**
 * RFC 959 3.1.1.1: in ASCII type, lines cross the data connection ending in CRLF. Files are
 * stored the Unix way, ending in LF: a download turns a bare LF into CRLF, an upload CRLF into
 * LF. Both wrap the channel a transfer moves bytes through and convert chunk by chunk, so no
 * file is held in memory and {@link DataTransfer} moves them like any other bytes (never by
 * zero-copy, which only a plain file channel gets).
 */
final class AsciiText {

    private static final int CHUNK_BYTES = 32 * 1024;

    private AsciiText() {}

    /** For RETR: a LF not preceded by CR goes out as CRLF; a CRLF already in the file stays one. */
    static ReadableByteChannel toNetwork(ReadableByteChannel stored) {
        return new ToNetwork(stored);
    }

    /**
     * For STOR and APPE: CRLF is stored as LF; a CR alone stays. A CR that ends one chunk is
     * held until the next shows whether LF follows, or until commit.
     */
    static Upload toStored(Upload upload) {
        return new ToStored(upload);
    }

    private static final class ToNetwork implements ReadableByteChannel {
        private final ReadableByteChannel stored;
        private final ByteBuffer raw = ByteBuffer.allocate(CHUNK_BYTES);
        /** Converted bytes not handed out yet: at most twice a chunk. */
        private final ByteBuffer converted = ByteBuffer.allocate(2 * CHUNK_BYTES).flip();
        private boolean lastWasCr;

        ToNetwork(ReadableByteChannel stored) {
            this.stored = stored;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            if (!converted.hasRemaining()) {
                raw.clear();
                int read;
                do {
                    read = stored.read(raw);
                } while (read == 0);
                if (read < 0) {
                    return -1;
                }
                raw.flip();
                converted.clear();
                while (raw.hasRemaining()) {
                    byte b = raw.get();
                    if (b == '\n' && !lastWasCr) {
                        converted.put((byte) '\r');
                    }
                    converted.put(b);
                    lastWasCr = b == '\r';
                }
                converted.flip();
            }
            int count = Math.min(converted.remaining(), target.remaining());
            target.put(converted.slice(converted.position(), count));
            converted.position(converted.position() + count);
            return count;
        }

        @Override
        public boolean isOpen() {
            return stored.isOpen();
        }

        @Override
        public void close() throws IOException {
            stored.close();
        }
    }

    private static final class ToStored implements Upload {
        private final Upload upload;
        private ByteBuffer converted = ByteBuffer.allocate(0);
        private boolean heldCr;

        ToStored(Upload upload) {
            this.upload = upload;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int count = source.remaining();
            if (converted.capacity() < count + 1) {
                converted = ByteBuffer.allocate(count + 1);
            }
            converted.clear();
            while (source.hasRemaining()) {
                byte b = source.get();
                if (heldCr && b != '\n') {
                    converted.put((byte) '\r');
                }
                heldCr = b == '\r';
                if (!heldCr) {
                    converted.put(b);
                }
            }
            writeAll(converted.flip());
            return count;
        }

        private void writeAll(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                upload.write(bytes);
            }
        }

        @Override
        public void commit() {
            if (heldCr) {
                // the upload ended: a CR still held was not the start of a CRLF
                heldCr = false;
                try {
                    writeAll(ByteBuffer.wrap(new byte[] {'\r'}));
                } catch (IOException e) {
                    throw new Failure.StorageUnavailable("writing upload", e);
                }
            }
            upload.commit();
        }

        @Override
        public void abort() {
            upload.abort();
        }

        @Override
        public long previousSize() {
            return upload.previousSize();
        }

        @Override
        public boolean isOpen() {
            return upload.isOpen();
        }

        @Override
        public void close() {
            upload.close();
        }
    }
}
