package xxftp.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
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

    /** Preconditions on publishing: If-None-Match "*" (must be new) or If-Match an ETag (unchanged). */
    record Condition(String ifNoneMatch, String ifMatch) {
        static final Condition NONE = new Condition(null, null);
    }

    private final S3Storage storage;
    private final S3Client s3;
    private final String objectKey;
    private final WriteMode mode;
    private final Condition condition;
    private final long previousSize;
    private final boolean existed;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer = new byte[FIRST_BUFFER_BYTES];
    private int filled;
    private int partSize;
    private String uploadId;
    private long written;
    private boolean finished;

    S3Upload(S3Storage storage, int partBytes, String objectKey, WriteMode mode, Condition condition, long keep,
             long previousSize, boolean existed) {
        this.storage = storage;
        this.partSize = partBytes;
        this.s3 = storage.client();
        this.objectKey = objectKey;
        this.mode = mode;
        this.condition = condition;
        this.previousSize = previousSize;
        this.existed = existed;
        try {
            if (keep >= S3Storage.MIN_PART_BYTES) {
                start();
                copyParts(keep);
            } else if (keep > 0) {
                downloadKept((int) keep);
            }
        } catch (SdkException e) {
            abortMultipart();
            throw S3Failures.translate(e, "start upload of " + objectKey);
        }
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
            if (uploadId == null) {
                s3.putObject(request -> request.bucket(storage.bucket()).key(objectKey)
                        .ifNoneMatch(condition.ifNoneMatch()).ifMatch(condition.ifMatch()), S3Storage.body(buffer, filled));
            } else {
                if (filled > 0 || parts.isEmpty()) {
                    uploadPart();
                }
                s3.completeMultipartUpload(request -> request.bucket(storage.bucket()).key(objectKey).uploadId(uploadId)
                        .ifNoneMatch(condition.ifNoneMatch()).ifMatch(condition.ifMatch())
                        .multipartUpload(upload -> upload.parts(parts)));
            }
        } catch (SdkException e) {
            abortMultipart();
            throw S3Failures.translate(e, "publish " + objectKey);
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
        boolean keepsBytes = mode == WriteMode.RESUME || mode == WriteMode.APPEND && (written > 0 || !existed);
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
        return previousSize;
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

    private void start() {
        uploadId = s3.createMultipartUpload(request -> request.bucket(storage.bucket()).key(objectKey)).uploadId();
    }

    private void flushPart() {
        try {
            if (uploadId == null) {
                start();
            }
            uploadPart();
        } catch (SdkException e) {
            finished = true;
            abortMultipart();
            throw S3Failures.translate(e, "upload part of " + objectKey);
        }
        if (parts.size() % PARTS_PER_SIZE_STEP == 0 && partSize < MAX_PART_BYTES) {
            partSize *= 2;
        }
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(request -> request.bucket(storage.bucket()).key(objectKey).uploadId(uploadId)
                .partNumber(number), S3Storage.body(buffer, filled)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** The kept bytes as copy parts of equal size, each at least 5 MiB and at most 5 GiB. */
    private void copyParts(long keep) {
        long count = (keep + S3Storage.MAX_COPY_BYTES - 1) / S3Storage.MAX_COPY_BYTES;
        long each = (keep + count - 1) / count;
        for (long start = 0; start < keep; start += each) {
            long end = Math.min(keep, start + each) - 1;
            int number = parts.size() + 1;
            String range = "bytes=" + start + "-" + end;
            String etag = s3.uploadPartCopy(request -> request.sourceBucket(storage.bucket()).sourceKey(objectKey)
                    .copySourceRange(range).destinationBucket(storage.bucket()).destinationKey(objectKey)
                    .uploadId(uploadId).partNumber(number)).copyPartResult().eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
    }

    private void downloadKept(int keep) {
        ensureCapacity(keep);
        try (InputStream in = s3.getObject(request -> request.bucket(storage.bucket()).key(objectKey)
                .range("bytes=0-" + (keep - 1)))) {
            filled = in.readNBytes(buffer, 0, keep);
        } catch (IOException e) {
            throw new Failure.StorageUnavailable("read kept bytes of " + objectKey, e);
        }
        if (filled != keep) {
            throw new Failure.StorageUnavailable("object " + objectKey + " shrank while resuming", null);
        }
    }

    private void abortMultipart() {
        if (uploadId == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(request -> request.bucket(storage.bucket()).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn("Could not abort multipart upload {} of {}: {}", uploadId, objectKey, e.toString());
        }
    }

    /** A server-side copy of a large object in parallel ranges (UploadPartCopy). */
    static void copyInParts(S3Storage storage, String from, String to, long size, long partBytes, int parallelism) {
        S3Client s3 = storage.client();
        String id = s3.createMultipartUpload(request -> request.bucket(storage.bucket()).key(to)).uploadId();
        Semaphore slots = new Semaphore(parallelism);
        List<Future<CompletedPart>> copies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int number = 1;
            for (long start = 0; start < size; start += partBytes, number++) {
                String range = "bytes=" + start + "-" + (Math.min(size, start + partBytes) - 1);
                int part = number;
                slots.acquireUninterruptibly();
                copies.add(pool.submit(() -> {
                    try {
                        String etag = s3.uploadPartCopy(request -> request.sourceBucket(storage.bucket()).sourceKey(from)
                                .copySourceRange(range).destinationBucket(storage.bucket()).destinationKey(to)
                                .uploadId(id).partNumber(part)).copyPartResult().eTag();
                        return CompletedPart.builder().partNumber(part).eTag(etag).build();
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> copy : copies) {
                parts.add(copy.get());
            }
            parts.sort(Comparator.comparing(CompletedPart::partNumber));
            s3.completeMultipartUpload(request -> request.bucket(storage.bucket()).key(to).uploadId(id)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (InterruptedException | ExecutionException | SdkException e) {
            s3.abortMultipartUpload(request -> request.bucket(storage.bucket()).key(to).uploadId(id));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw cause instanceof SdkException sdk ? S3Failures.translate(sdk, "copy " + from)
                    : new Failure.StorageUnavailable("copy " + from, cause);
        }
    }
}
