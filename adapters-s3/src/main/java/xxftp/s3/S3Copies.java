package xxftp.s3;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.Failure;

/** Server-side copies: one object (CopyObject, or ranges of UploadPartCopy when large), or many. */
final class S3Copies {

    private static final Logger log = LoggerFactory.getLogger(S3Copies.class);

    /** S3's floor for every part of a multipart upload but the last. */
    static final long MIN_PART_BYTES = 5L << 20;
    /** S3's ceiling for CopyObject and for one UploadPartCopy. */
    static final long MAX_COPY_BYTES = 5L << 30;
    /** Objects above this are copied as parallel ranges. */
    static final long MULTIPART_COPY_THRESHOLD = 1L << 30;
    static final long COPY_PART_BYTES = 256L << 20;
    /** Copies at once: of a folder's objects, or of one object's ranges. */
    static final int COPY_PARALLELISM = 8;

    private final S3Bucket bucket;

    S3Copies(S3Bucket bucket) {
        this.bucket = bucket;
    }

    void copy(String from, String to, long size) {
        if (size <= MULTIPART_COPY_THRESHOLD) {
            try {
                bucket.client().copyObject(request -> request.sourceBucket(bucket.name()).sourceKey(from)
                        .destinationBucket(bucket.name()).destinationKey(to));
            } catch (SdkException e) {
                throw bucket.failures().translate(e, "copy " + from + " to " + to);
            }
            return;
        }
        S3Multipart upload = S3Multipart.start(bucket, to);
        try {
            upload.complete(copyRanges(upload, from, size, COPY_PART_BYTES), S3Condition.NONE);
        } catch (Failure failure) {
            upload.abort();
            throw failure;
        }
    }

    /**
     * The first {@code bytes} of {@code source} as the first parts of an upload, each
     * {@code partBytes} long but the last, copied in parallel (UploadPartCopy).
     */
    static List<CompletedPart> copyRanges(S3Multipart upload, String source, long bytes, long partBytes) {
        record Range(int number, long first, long last) {}
        List<Range> ranges = new ArrayList<>();
        for (long start = 0; start < bytes; start += partBytes) {
            ranges.add(new Range(ranges.size() + 1, start, Math.min(bytes, start + partBytes) - 1));
        }
        return S3Parallel.run(ranges, COPY_PARALLELISM, range -> upload.copy(range.number(), source, range.first(), range.last()))
                .orThrow();
    }

    /**
     * Copies every object from one prefix to another. All or nothing: when one copy fails, the
     * copies made are deleted and the failure thrown.
     */
    void copyAll(List<S3Object> objects, String fromPrefix, String toPrefix) {
        S3Parallel.Outcome<String> copied = S3Parallel.run(objects, COPY_PARALLELISM, object -> {
            String target = toPrefix + object.key().substring(fromPrefix.length());
            copy(object.key(), target, object.size());
            return target;
        });
        copied.failure().ifPresent(failure -> {
            log.warn("Copying {} to {} failed; removing {} partial copies", fromPrefix, toPrefix, copied.succeeded().size());
            bucket.deleteAll(copied.succeeded());
            throw failure;
        });
    }
}
