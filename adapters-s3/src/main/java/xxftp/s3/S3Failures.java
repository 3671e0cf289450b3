package xxftp.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import xxftp.domain.model.Failure;

/** The one place where SDK exceptions become domain failures. */
final class S3Failures {

    private S3Failures() {}

    static Failure translate(SdkException e, String what) {
        if (e instanceof S3Exception s3) {
            return switch (s3.statusCode()) {
                case 404 -> new Failure.NotFound(what);
                // a conditional write lost: If-None-Match found an object, or If-Match a changed one
                case 412 -> new Failure.AlreadyExists(what);
                default -> new Failure.StorageUnavailable(what + ": " + s3.statusCode() + " "
                        + (s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode()), e);
            };
        }
        return new Failure.StorageUnavailable(what + ": " + e.getMessage(), e);
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /** 416: a range at or past the end, which S3 also gives for any range on an empty object. */
    static boolean isInvalidRange(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 416;
    }
}
