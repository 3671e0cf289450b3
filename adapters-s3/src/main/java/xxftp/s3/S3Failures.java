package xxftp.s3;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import xxftp.domain.model.Failure;

/**
 * The one place where the SDK's exceptions become domain failures, by exception type and S3
 * error code (a status alone is not enough: a 412 means "exists" on a create and "changed
 * meanwhile" on an append). A refusal of this server's credentials is a configuration problem:
 * the first one of a bucket is logged at ERROR, later ones at DEBUG, so a wrong secret doesn't
 * flood the log with one line per request.
 */
final class S3Failures {

    private static final Logger log = LoggerFactory.getLogger(S3Failures.class);

    /** Codes by which S3 refuses the request's identity, signature or policy (S3 API reference, "Error codes"). */
    private static final Set<String> DENIALS = Set.of("AccessDenied", "AccountProblem", "AllAccessDisabled",
            "ExpiredToken", "InvalidAccessKeyId", "InvalidSecurity", "InvalidToken", "NotSignedUp",
            "RequestTimeTooSkewed", "SignatureDoesNotMatch", "TokenRefreshRequired");
    private static final String PRECONDITION_FAILED = "PreconditionFailed";
    /** S3's answer when another conditional write to the key was in progress: retrying may work. */
    private static final String CONDITIONAL_CONFLICT = "ConditionalRequestConflict";

    private final String bucket;
    private final AtomicBoolean deniedReported = new AtomicBoolean();

    S3Failures(String bucket) {
        this.bucket = bucket;
    }

    Failure translate(SdkException e, String what) {
        if (!(e instanceof S3Exception s3)) {
            return new Failure.StorageUnavailable(what + ": " + e.getMessage(), e);
        }
        String code = code(s3);
        return switch (s3) {
            case NoSuchKeyException missing -> new Failure.NotFound(what);
            case NoSuchUploadException gone -> new Failure.StorageUnavailable(what + ": the multipart upload is gone", e);
            case NoSuchBucketException gone -> new Failure.StorageUnavailable(what + ": no bucket " + bucket, e);
            // a HEAD has no body, so its refusal comes without a code
            case S3Exception denied when code == null ? s3.statusCode() == 403 : DENIALS.contains(code) -> denied(s3, what, code);
            case S3Exception other when code == null && s3.statusCode() == 404 -> new Failure.NotFound(what);
            default -> new Failure.StorageUnavailable(what + ": " + s3.statusCode() + " " + code, e);
        };
    }

    /**
     * A conditional write that failed: a lost If-None-Match is AlreadyExists; a lost If-Match
     * (the object changed, or is gone: 404 NoSuchKey) is ChangedMeanwhile, as is a conflict
     * with another conditional write.
     */
    Failure translate(SdkException e, String what, S3Condition condition) {
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            boolean lost = PRECONDITION_FAILED.equals(code) || code == null && s3.statusCode() == 412;
            if (condition.ifMatch() != null && (lost || s3 instanceof NoSuchKeyException)
                    || CONDITIONAL_CONFLICT.equals(code)) {
                return new Failure.ChangedMeanwhile(what + ": " + s3.statusCode() + " " + code);
            }
            if (condition.ifNoneMatch() != null && lost) {
                return new Failure.AlreadyExists(what);
            }
        }
        return translate(e, what);
    }

    /** A missing key (a HEAD or GET of a key nobody stored). */
    static boolean isNotFound(SdkException e) {
        return e instanceof NoSuchKeyException;
    }

    private Failure denied(S3Exception e, String what, String code) {
        if (deniedReported.compareAndSet(false, true)) {
            log.error("S3 refused this server's request to bucket {} ({} {}): a configuration problem; check the access "
                    + "key, the secret, the bucket policy and the clock. Further refusals are logged at DEBUG.",
                    bucket, e.statusCode(), code == null ? "no code" : code);
        } else {
            log.debug("S3 refused {} ({} {})", what, e.statusCode(), code);
        }
        return new Failure.StorageDenied(what + ": " + e.statusCode() + " " + code, e);
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
