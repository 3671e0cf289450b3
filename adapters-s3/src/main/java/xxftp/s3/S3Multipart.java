package xxftp.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * tree's root, {@code .xxftp-part-<SHA-256 of the upload id>.<node>}: a control name, hidden
 * like a disk's upload temporaries, by which the sweep tells our uploads from other tools', and
 * the node that started one from the other servers on the bucket (markers from before nodes
 * were named end with the hash).
 */
final class S3Multipart {

    private static final Logger log = LoggerFactory.getLogger(S3Multipart.class);
    /** Between a marker's hash (hex digits only) and its node. */
    private static final char NODE_SEPARATOR = '.';

    private final S3Bucket bucket;
    private final String objectKey;
    private final String id;
    private final String marker;

    private S3Multipart(S3Bucket bucket, String objectKey, String id, String marker) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.id = id;
        this.marker = marker;
    }

    /** CreateMultipartUpload, then its marker naming this server's node; without a marker the upload is aborted at once. */
    static S3Multipart start(S3Bucket bucket, String objectKey) {
        String id;
        try {
            id = bucket.client().createMultipartUpload(request -> request.bucket(bucket.name()).key(objectKey)).uploadId();
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "start upload of " + objectKey);
        }
        S3Multipart upload = new S3Multipart(bucket, objectKey, id, markerOf(bucket, id) + NODE_SEPARATOR + bucket.node());
        try {
            bucket.putEmpty(upload.marker, S3Condition.NONE, Map.of());
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
            bucket.delete(marker);
        } catch (Failure failure) {
            log.warn("Could not delete the marker of upload {} of {}: {}", id, objectKey, failure.toString());
        }
    }

    /** The marker's key up to its node: what a marker from before nodes were named is. */
    static String markerOf(S3Bucket bucket, String id) {
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
     * Aborts our uploads under the tree's prefix that were started before {@code before}: those
     * with a marker, never other tools'; with {@code node}, only the ones that node started (and
     * those whose marker names no node), since the other servers on the bucket may be sending
     * theirs right now. Markers whose upload is gone (published or aborted, but the marker's
     * delete failed) go by the same rules. Like the disk's sweep of temporaries it never fails:
     * a store that can't be swept now is logged. Returns how many uploads were aborted.
     */
    static int sweep(S3Bucket bucket, Instant before, Optional<String> node) {
        // marker key up to its node -> the marker
        Map<String, S3Object> markers = new HashMap<>();
        int aborted = 0;
        try {
            for (S3Object marker : bucket.client().listObjectsV2Paginator(request -> request.bucket(bucket.name())
                    .prefix(markerPrefix(bucket)).delimiter("/")).contents()) {
                String key = marker.key();
                int separator = key.indexOf(NODE_SEPARATOR, markerPrefix(bucket).length());
                if (separator < 0) {
                    markers.put(key, marker);
                } else if (node.isEmpty() || key.substring(separator + 1).equals(node.get())) {
                    markers.put(key.substring(0, separator), marker);
                }
            }
            for (MultipartUpload open : bucket.client().listMultipartUploadsPaginator(request -> request.bucket(bucket.name())
                    .prefix(bucket.prefix())).uploads()) {
                S3Object marker = markers.remove(markerOf(bucket, open.uploadId()));
                if (marker != null && open.initiated().isBefore(before)) {
                    log.info("Aborting upload {} of {}, left by an earlier run", open.uploadId(), open.key());
                    new S3Multipart(bucket, open.key(), open.uploadId(), marker.key()).abort();
                    aborted++;
                }
            }
            bucket.deleteAll(markers.values().stream()
                    .filter(marker -> marker.lastModified().isBefore(before)).map(S3Object::key).toList());
        } catch (SdkException e) {
            log.warn("Sweeping incomplete uploads stopped: {}", bucket.failures().translate(e, "sweep").toString());
        } catch (Failure failure) {
            log.warn("Sweeping incomplete uploads stopped: {}", failure.toString());
        }
        return aborted;
    }
}
