package xxftp.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a tree lives in S3.
 *
 * @param prefix   key prefix under which ROOT starts ("" for the whole bucket); stored with a
 *                 trailing "/" when not empty
 * @param endpoint an S3-compatible store (MinIO, Ceph, ...); empty for AWS itself
 * @param region   empty: the SDK's region chain (AWS), or us-east-1 for a custom endpoint
 * @param pathStyle bucket in the path, not the host name: what most S3-compatible stores need
 * @param transfers parallel parts and memory budgets, the same object for every bucket of a process
 */
public record S3Settings(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region, boolean pathStyle,
                         S3Transfers transfers) {

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
        Objects.requireNonNull(transfers, "transfers");
    }

    /** With transfers of their own (budgets not shared with other buckets): for tests. */
    public S3Settings(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region, boolean pathStyle) {
        this(bucket, prefix, endpoint, region, pathStyle, S3Transfers.defaults());
    }

    /** Reads {@code s3://bucket/prefix}, as a mount target names a bucket folder. */
    public static S3Settings fromUri(URI uri, Optional<URI> endpoint, Optional<String> region, boolean pathStyle,
                                     S3Transfers transfers) {
        return new S3Settings(uri.getHost(), Optional.ofNullable(uri.getPath()).orElse(""), endpoint, region, pathStyle,
                transfers);
    }

    private static String normalisePrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        if (trimmed.contains("//")) {
            throw new IllegalArgumentException("prefix must not contain '//'");
        }
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }
}
