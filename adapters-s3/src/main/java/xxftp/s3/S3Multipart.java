package xxftp.s3;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** One multipart upload: its parts, uploaded or copied, then published or discarded. */
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

    static S3Multipart start(S3Bucket bucket, String objectKey) {
        try {
            return new S3Multipart(bucket, objectKey,
                    bucket.client().createMultipartUpload(request -> request.bucket(bucket.name()).key(objectKey)).uploadId());
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "start upload of " + objectKey);
        }
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
    }

    /** Discards the parts; a failure is only logged, since a lifecycle rule gets the rest. */
    void abort() {
        try {
            bucket.client().abortMultipartUpload(request -> request.bucket(bucket.name()).key(objectKey).uploadId(id));
        } catch (SdkException e) {
            log.warn("Could not abort multipart upload {} of {}: {}", id, objectKey, e.toString());
        }
    }
}
