package xxftp.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * A GetObject body as a channel. Closing it before the end aborts the HTTP request, so a
 * cancelled download of a large object doesn't drain the rest of it first.
 */
final class S3ReadChannel implements ReadableByteChannel {

    private final ResponseInputStream<?> body;
    private boolean atEnd;
    private boolean open = true;

    S3ReadChannel(ResponseInputStream<?> body) {
        this.body = body;
    }

    /** A channel with nothing to read: REST at or past the end, where S3 would answer 416. */
    static ReadableByteChannel empty() {
        return new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer target) {
                return -1;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!target.hasRemaining()) {
            return 0;
        }
        int read;
        if (target.hasArray()) {
            read = body.read(target.array(), target.arrayOffset() + target.position(), target.remaining());
            if (read > 0) {
                target.position(target.position() + read);
            }
        } else {
            byte[] chunk = new byte[Math.min(target.remaining(), 64 * 1024)];
            read = body.read(chunk);
            if (read > 0) {
                target.put(chunk, 0, read);
            }
        }
        if (read < 0) {
            atEnd = true;
        }
        return read;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (!atEnd) {
            body.abort();
        }
        body.close();
    }
}
