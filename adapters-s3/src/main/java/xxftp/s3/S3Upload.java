package xxftp.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import xxftp.domain.model.Failure;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/**
 * An upload of unknown length into S3, in one buffer: a file that ends within the first part
 * becomes one PutObject; a longer one a multipart upload, one part in memory at a time. The
 * part size starts at 8 MiB and doubles every 1,000 parts, so the 10,000-part limit allows
 * far more than the 78 GiB that fixed parts would. Nothing is visible before commit.
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
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer = new byte[FIRST_BUFFER_BYTES];
    private int filled;
    private int partSize;
    private S3Multipart multipart;
    private long written;
    private boolean finished;

    private S3Upload(S3Bucket bucket, String objectKey, Start start, int partBytes) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.start = start;
        this.partSize = partBytes;
    }

    /** An upload that begins with the kept bytes of the existing object, ready for the rest. */
    static S3Upload open(S3Bucket bucket, String objectKey, Start start, int partBytes) {
        S3Upload upload = new S3Upload(bucket, objectKey, start, partBytes);
        try {
            upload.startWithKeptBytes();
        } catch (Failure failure) {
            upload.abortMultipart();
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
                if (filled > 0 || parts.isEmpty()) {
                    uploadPart();
                }
                multipart.complete(parts, start.condition());
            }
        } catch (Failure failure) {
            abortMultipart();
            throw failure;
        } finally {
            buffer = null;
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
        buffer = null;
        abortMultipart();
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

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            byte[] larger = new byte[Math.min(partSize, Math.max(needed, buffer.length * 2))];
            System.arraycopy(buffer, 0, larger, 0, filled);
            buffer = larger;
        }
    }

    /** Copied parts of equal size, each at least 5 MiB (the kept bytes are) and at most 5 GiB; or bytes in the buffer. */
    private void startWithKeptBytes() {
        long keep = start.keep();
        if (keep >= S3Copies.MIN_PART_BYTES) {
            multipart = S3Multipart.start(bucket, objectKey);
            long partBytes = Math.ceilDiv(keep, Math.ceilDiv(keep, S3Copies.MAX_COPY_BYTES));
            parts.addAll(S3Copies.copyRanges(multipart, objectKey, keep, partBytes));
        } else if (keep > 0) {
            downloadKept((int) keep);
        }
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
                multipart = S3Multipart.start(bucket, objectKey);
            }
            uploadPart();
        } catch (Failure failure) {
            finished = true;
            abortMultipart();
            throw failure;
        }
        if (parts.size() % PARTS_PER_SIZE_STEP == 0 && partSize < MAX_PART_BYTES) {
            partSize *= 2;
        }
    }

    private void uploadPart() {
        parts.add(multipart.upload(parts.size() + 1, body(buffer, filled)));
        filled = 0;
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

    private void abortMultipart() {
        if (multipart != null) {
            multipart.abort();
        }
    }

    /** A request body over part of an array, without copying it; re-readable for retries. */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }
}
