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
    private final S3BodyReader reader = new S3BodyReader();
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
        int read = reader.read(body, target, target.remaining());
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
