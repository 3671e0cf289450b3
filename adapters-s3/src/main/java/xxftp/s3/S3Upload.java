package xxftp.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import xxftp.domain.model.Failure;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/**
 * An upload of unknown length into S3: a file that ends within the first part becomes one
 * PutObject; a longer one a multipart upload whose parts go out in the background, several at
 * once ({@link S3Parts}), while the next part fills. The part size starts at 8 MiB and doubles
 * every 1,000 parts, so the 10,000-part limit allows far more than the 78 GiB that fixed parts
 * would. Nothing is visible before commit.
 * <p>
 * Memory: a part's buffer is taken from the process's upload budget before it is filled and
 * goes back when its UploadPart has ended; while the budget is spent, {@link #write} waits, so
 * the data connection is not read and TCP slows the client down. A file's first 64 KiB are
 * held outside the budget, like the data connection's own buffers: a small file never waits,
 * and a connected but silent client holds none of it. A part larger than the whole budget
 * (a huge announced size) waits until it has the budget to itself.
 * <p>
 * APPEND and RESUME start from the kept bytes of the existing object: copied by UploadPartCopy
 * when they fill a part (at least 5 MiB, S3's rule for parts but the last), downloaded otherwise.
 */
final class S3Upload implements Upload {

    private static final Logger log = LoggerFactory.getLogger(S3Upload.class);

    static final int FIRST_PART_BYTES = 8 << 20;
    static final int PARTS_PER_SIZE_STEP = 1_000;
    static final int MAX_PARTS = 10_000;
    static final int MAX_PART_BYTES = 1 << 30;
    private static final int FIRST_BUFFER_BYTES = 64 << 10;

    /** What the upload replaces or extends, as it was when the upload began. */
    record Start(WriteMode mode, S3Condition condition, long keep, long previousSize, boolean existed) {}

    private final S3Bucket bucket;
    private final String objectKey;
    private final Start start;
    private final S3Transfers transfers;
    /** The part being filled: null once sent, until the next byte comes. */
    private byte[] buffer = new byte[FIRST_BUFFER_BYTES];
    /** What the buffer holds of the budget: nothing for the first small buffer. */
    private long held;
    private int filled;
    private int partSize;
    private S3Multipart multipart;
    private S3Parts parts;
    private long written;
    private boolean finished;

    private S3Upload(S3Bucket bucket, String objectKey, Start start, S3Transfers transfers, int partBytes) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.start = start;
        this.transfers = transfers;
        this.partSize = partBytes;
    }

    /** An upload that begins with the kept bytes of the existing object, ready for the rest. */
    static S3Upload open(S3Bucket bucket, String objectKey, Start start, S3Transfers transfers, int partBytes) {
        S3Upload upload = new S3Upload(bucket, objectKey, start, transfers, partBytes);
        try {
            upload.startWithKeptBytes();
        } catch (Failure failure) {
            upload.discard();
            upload.releaseBuffer();
            throw failure;
        }
        return upload;
    }

    /** The first part size for an upload of {@code announcedBytes} (0: unknown), leaving room to spare. */
    static int partSizeFor(long announcedBytes) {
        long fitting = announcedBytes / (MAX_PARTS - PARTS_PER_SIZE_STEP) + 1;
        return (int) Math.min(MAX_PART_BYTES, Math.max(FIRST_PART_BYTES, fitting));
    }

    @Override
    public int write(ByteBuffer source) {
        if (finished) {
            throw new IllegalStateException("upload already finished");
        }
        failIfAPartFailed();
        int bytes = source.remaining();
        while (source.hasRemaining()) {
            int take = Math.min(source.remaining(), partSize - filled);
            ensureCapacity(filled + take);
            source.get(buffer, filled, take);
            filled += take;
            if (filled == partSize) {
                flushPart();
            }
        }
        written += bytes;
        return bytes;
    }

    @Override
    public void commit() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (multipart == null) {
                putWhole();
            } else {
                if (filled > 0 || parts.count() == 0) {
                    sendPart();
                }
                multipart.complete(parts.awaitAll(), start.condition());
            }
        } catch (Failure failure) {
            discard();
            throw failure;
        } finally {
            releaseBuffer();
        }
    }

    /**
     * For APPEND and RESUME, what arrived before an abort is kept (as on a disk, where those
     * modes write in place), so a client can resume; every other upload leaves no trace.
     */
    @Override
    public void abort() {
        if (finished) {
            return;
        }
        WriteMode mode = start.mode();
        boolean keepsBytes = mode == WriteMode.RESUME || mode == WriteMode.APPEND && (written > 0 || !start.existed());
        if (keepsBytes) {
            try {
                commit();
                return;
            } catch (Failure failure) {
                log.warn("Could not keep the bytes of an interrupted {} of {}: {}", mode, objectKey, failure.toString());
            }
        }
        finished = true;
        discard();
        releaseBuffer();
    }

    @Override
    public long previousSize() {
        return start.previousSize();
    }

    @Override
    public boolean isOpen() {
        return !finished;
    }

    @Override
    public void close() {
        abort();
    }

    /** The first buffer grows into a whole part, taken from the budget; a later part starts whole. */
    private void ensureCapacity(int needed) {
        if (buffer != null && needed <= buffer.length) {
            return;
        }
        held = transfers.uploadMemory().take(partSize);
        byte[] part = new byte[partSize];
        if (buffer != null) {
            System.arraycopy(buffer, 0, part, 0, filled);
        }
        buffer = part;
    }

    /** Copied parts of equal size, each at least 5 MiB (the kept bytes are) and at most 5 GiB; or bytes in the buffer. */
    private void startWithKeptBytes() {
        long keep = start.keep();
        if (keep >= S3Copies.MIN_PART_BYTES) {
            startMultipart();
            long partBytes = Math.ceilDiv(keep, Math.ceilDiv(keep, S3Copies.MAX_COPY_BYTES));
            parts.addCopied(S3Copies.copyRanges(multipart, objectKey, keep, partBytes));
        } else if (keep > 0) {
            downloadKept((int) keep);
        }
    }

    private void startMultipart() {
        multipart = S3Multipart.start(bucket, objectKey);
        parts = new S3Parts(multipart, transfers.uploadMemory(), transfers.uploadParallelism());
    }

    private void putWhole() {
        S3Condition condition = start.condition();
        try {
            bucket.client().putObject(request -> request.bucket(bucket.name()).key(objectKey)
                    .ifNoneMatch(condition.ifNoneMatch()).ifMatch(condition.ifMatch()), body(buffer, filled));
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "publish " + objectKey, condition);
        }
    }

    private void flushPart() {
        try {
            if (multipart == null) {
                startMultipart();
            }
            sendPart();
        } catch (Failure failure) {
            finished = true;
            discard();
            releaseBuffer();
            throw failure;
        }
        if (parts.count() % PARTS_PER_SIZE_STEP == 0 && partSize < MAX_PART_BYTES) {
            partSize *= 2;
        }
    }

    /** Hands the buffer and its budget to the parts on their way. */
    private void sendPart() {
        byte[] full = buffer;
        long share = held;
        buffer = null;
        held = 0;
        int length = filled;
        filled = 0;
        parts.send(full, length, share);
    }

    /** A part that failed in the background fails the upload at the client's next bytes. */
    private void failIfAPartFailed() {
        if (parts == null) {
            return;
        }
        parts.failure().ifPresent(failure -> {
            finished = true;
            discard();
            releaseBuffer();
            throw failure;
        });
    }

    private void downloadKept(int keep) {
        ensureCapacity(keep);
        try (InputStream in = bucket.client().getObject(request -> request.bucket(bucket.name()).key(objectKey)
                .range("bytes=0-" + (keep - 1)))) {
            filled = in.readNBytes(buffer, 0, keep);
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "read kept bytes of " + objectKey);
        } catch (IOException e) {
            throw new Failure.StorageUnavailable("read kept bytes of " + objectKey, e);
        }
        if (filled != keep) {
            throw new Failure.ChangedMeanwhile("object " + objectKey + " shrank while resuming");
        }
    }

    /** Stops the parts on their way (their budget comes back) and discards the multipart upload. */
    private void discard() {
        if (multipart != null) {
            parts.cancel();
            multipart.abort();
        }
    }

    private void releaseBuffer() {
        buffer = null;
        transfers.uploadMemory().give(held);
        held = 0;
    }

    /** A request body over part of an array, without copying it; re-readable for retries. */
    static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }
}
