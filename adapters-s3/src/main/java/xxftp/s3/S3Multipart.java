package xxftp.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;

/**
 * One multipart upload of this server's: an upload's temporary, in S3's terms. S3 bills the
 * parts of an upload nobody completes or aborts (a server killed mid-STOR leaves one), and
 * neither ListMultipartUploads nor ListParts shows metadata, only an initiator that every tool
 * with the same credentials shares. So each of our uploads has a zero-byte marker at the
 * tree's root, {@code .xxftp-part-<SHA-256 of the upload id>}: a control name, hidden like a
 * disk's upload temporaries, by which the sweep tells our uploads from other tools'.
 */
final class S3Multipart {

    private static final Logger log = LoggerFactory.getLogger(S3Multipart.class);

    private final S3Bucket bucket;
    private final String objectKey;
    private final String id;

    private S3Multipart(S3Bucket bucket, String objectKey, String id) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.id = id;
    }

    /** CreateMultipartUpload, then its marker; without a marker the upload is aborted at once. */
    static S3Multipart start(S3Bucket bucket, String objectKey) {
        String id;
        try {
            id = bucket.client().createMultipartUpload(request -> request.bucket(bucket.name()).key(objectKey)).uploadId();
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "start upload of " + objectKey);
        }
        S3Multipart upload = new S3Multipart(bucket, objectKey, id);
        try {
            bucket.putEmpty(upload.marker(), S3Condition.NONE, Map.of());
        } catch (Failure failure) {
            upload.abort();
            throw failure;
        }
        return upload;
    }

    CompletedPart upload(int number, RequestBody body) {
        try {
            String etag = bucket.client().uploadPart(request -> request.bucket(bucket.name()).key(objectKey)
                    .uploadId(id).partNumber(number), body).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "upload part " + number + " of " + objectKey);
        }
    }

    /** UploadPartCopy of the bytes {@code first..last} (inclusive) of another object, or of this key's old one. */
    CompletedPart copy(int number, String sourceKey, long first, long last) {
        try {
            String etag = bucket.client().uploadPartCopy(request -> request.sourceBucket(bucket.name()).sourceKey(sourceKey)
                    .copySourceRange("bytes=" + first + "-" + last)
                    .destinationBucket(bucket.name()).destinationKey(objectKey)
                    .uploadId(id).partNumber(number)).copyPartResult().eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "copy part " + number + " of " + sourceKey + " to " + objectKey);
        }
    }

    /** Publishes the parts under the condition; the caller aborts when this fails. */
    void complete(List<CompletedPart> parts, S3Condition condition) {
        try {
            bucket.client().completeMultipartUpload(request -> request.bucket(bucket.name()).key(objectKey).uploadId(id)
                    .ifNoneMatch(condition.ifNoneMatch()).ifMatch(condition.ifMatch())
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "publish " + objectKey, condition);
        }
        dropMarker();
    }

    /** Discards the parts; a failure is only logged, since the sweep or a lifecycle rule gets the rest. */
    void abort() {
        try {
            bucket.client().abortMultipartUpload(request -> request.bucket(bucket.name()).key(objectKey).uploadId(id));
        } catch (SdkException e) {
            log.warn("Could not abort multipart upload {} of {}: {}", id, objectKey, e.toString());
            return;
        }
        dropMarker();
    }

    private void dropMarker() {
        try {
            bucket.delete(marker());
        } catch (Failure failure) {
            log.warn("Could not delete the marker of upload {} of {}: {}", id, objectKey, failure.toString());
        }
    }

    private String marker() {
        return markerPrefix(bucket) + sha256(id);
    }

    private static String markerPrefix(S3Bucket bucket) {
        return bucket.prefix() + ControlFiles.TEMPORARY_PREFIX;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Aborts this server's uploads under the tree's prefix that were started before
     * {@code before}: those with a marker, never other tools'. Markers whose upload is gone
     * (published or aborted, but the marker's delete failed) go too. Like the disk's sweep of
     * temporaries it never fails: a store that can't be swept now is logged. Returns how many
     * uploads were aborted.
     */
    static int sweep(S3Bucket bucket, Instant before) {
        Map<String, Instant> markers = new HashMap<>();
        int aborted = 0;
        try {
            for (S3Object marker : bucket.client().listObjectsV2Paginator(request -> request.bucket(bucket.name())
                    .prefix(markerPrefix(bucket)).delimiter("/")).contents()) {
                markers.put(marker.key(), marker.lastModified());
            }
            for (MultipartUpload open : bucket.client().listMultipartUploadsPaginator(request -> request.bucket(bucket.name())
                    .prefix(bucket.prefix())).uploads()) {
                S3Multipart upload = new S3Multipart(bucket, open.key(), open.uploadId());
                if (markers.remove(upload.marker()) != null && open.initiated().isBefore(before)) {
                    log.info("Aborting upload {} of {}, left by an earlier run", open.uploadId(), open.key());
                    upload.abort();
                    aborted++;
                }
            }
            bucket.deleteAll(markers.entrySet().stream()
                    .filter(marker -> marker.getValue().isBefore(before)).map(Map.Entry::getKey).toList());
        } catch (SdkException e) {
            log.warn("Sweeping incomplete uploads stopped: {}", bucket.failures().translate(e, "sweep").toString());
        } catch (Failure failure) {
            log.warn("Sweeping incomplete uploads stopped: {}", failure.toString());
        }
        return aborted;
    }
}
