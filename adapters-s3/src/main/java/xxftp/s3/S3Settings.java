package xxftp.s3;

import java.net.URI;
import java.util.Optional;

/**
 * Where a tree lives in S3.
 *
 * @param prefix   key prefix under which ROOT starts ("" for the whole bucket); stored with a
 *                 trailing "/" when not empty
 * @param endpoint an S3-compatible store (MinIO, Ceph, ...); empty for AWS itself
 * @param region   empty: the SDK's region chain (AWS), or us-east-1 for a custom endpoint
 * @param pathStyle bucket in the path, not the host name: what most S3-compatible stores need
 */
public record S3Settings(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region, boolean pathStyle) {

    public S3Settings {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("bucket name must be 3-63 lowercase letters, digits, '.' or '-'");
        }
        prefix = normalisePrefix(prefix);
        endpoint.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("endpoint must be an http or https URL");
            }
        });
    }

    /** Reads {@code s3://bucket/prefix}, as a mount target names a bucket folder. */
    public static S3Settings fromUri(URI uri, Optional<URI> endpoint, Optional<String> region, boolean pathStyle) {
        return new S3Settings(uri.getHost(), Optional.ofNullable(uri.getPath()).orElse(""), endpoint, region, pathStyle);
    }

    private static String normalisePrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        if (trimmed.contains("//")) {
            throw new IllegalArgumentException("prefix must not contain '//'");
        }
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }
}
