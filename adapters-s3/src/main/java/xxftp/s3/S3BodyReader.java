package xxftp.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads response bodies into buffers. The data connection's buffers are direct, which an
 * InputStream can't fill, so those bytes pass through one array kept for the whole download:
 * a fresh array per read would be 64 KiB of garbage for each TLS record of 16 KiB, several
 * times the bytes moved, and young collections all through a download.
 */
final class S3BodyReader {

    private static final int SCRATCH_BYTES = 64 * 1024;

    private byte[] scratch;

    /** Reads at most {@code wanted} bytes (at least 1) of {@code body} into {@code target}; -1 at its end. */
    int read(InputStream body, ByteBuffer target, int wanted) throws IOException {
        if (target.hasArray()) {
            int read = body.read(target.array(), target.arrayOffset() + target.position(), wanted);
            if (read > 0) {
                target.position(target.position() + read);
            }
            return read;
        }
        if (scratch == null) {
            scratch = new byte[SCRATCH_BYTES];
        }
        int read = body.read(scratch, 0, Math.min(wanted, SCRATCH_BYTES));
        if (read > 0) {
            target.put(scratch, 0, read);
        }
        return read;
    }
}
