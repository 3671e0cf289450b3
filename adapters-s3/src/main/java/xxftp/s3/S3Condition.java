package xxftp.s3;

/**
 * Preconditions on publishing an object: If-None-Match "*" (it must be new) or If-Match an
 * ETag (it must be the very object the upload started from).
 */
record S3Condition(String ifNoneMatch, String ifMatch) {

    static final S3Condition NONE = new S3Condition(null, null);
    static final S3Condition MUST_BE_NEW = new S3Condition("*", null);

    static S3Condition unchanged(String etag) {
        return new S3Condition(null, etag);
    }
}
