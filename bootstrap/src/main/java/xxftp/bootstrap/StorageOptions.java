package xxftp.bootstrap;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import xxftp.s3.S3Settings;
import xxftp.s3.S3Transfers;

/**
 * Where the tree lives: a local folder or a bucket (see {@link StorageFlags}), and how to reach
 * S3 for {@code s3://} mount targets.
 */
sealed interface StorageOptions {

    /**
     * How to reach S3 for the root or for mounts: endpoint, region, path style; and the transfer
     * settings whose budgets every bucket of the process shares.
     */
    record S3Access(Optional<URI> endpoint, Optional<String> region, boolean pathStyle, S3Transfers transfers) {

        /** With the default transfers, budgets of their own: for tests. */
        S3Access(Optional<URI> endpoint, Optional<String> region, boolean pathStyle) {
            this(endpoint, region, pathStyle, S3Transfers.defaults());
        }

        S3Settings bucket(String bucket, String prefix) {
            try {
                return new S3Settings(bucket, prefix, endpoint, region, pathStyle, transfers);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--s3-bucket/--s3-prefix: " + e.getMessage());
            }
        }
    }

    S3Access s3Access();

    /** Where the tree is, for messages. */
    String describe();

    record Local(Path root, S3Access s3Access) implements StorageOptions {
        @Override
        public String describe() {
            return root.toAbsolutePath().toString();
        }
    }

    record S3(S3Settings settings, S3Access s3Access) implements StorageOptions {
        @Override
        public String describe() {
            return "s3://" + settings.bucket() + "/" + settings.prefix();
        }
    }
}
