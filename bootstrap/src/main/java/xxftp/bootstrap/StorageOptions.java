package xxftp.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import xxftp.s3.S3Settings;

/**
 * Where the tree lives, from the command line: a local folder (--root) or a bucket
 * (--backend s3 --s3-bucket ...). The --s3-endpoint, --s3-region and --s3-path-style flags
 * also apply to {@code s3://} mount targets in a local tree.
 */
sealed interface StorageOptions {

    Set<String> VALUED = Set.of("root", "backend", "s3-bucket", "s3-prefix", "s3-endpoint", "s3-region");
    Set<String> SWITCHES = Set.of("s3-path-style");

    String HELP = """
              --root DIR              the served tree on a local disk; must exist
              --backend local|s3      where the tree lives (default local)
              --s3-bucket NAME        the bucket holding the tree (with --backend s3)
              --s3-prefix P           key prefix of the tree's root in the bucket (default: none)
              --s3-endpoint URL       an S3-compatible store (MinIO, Ceph, ...); default AWS
              --s3-region R           region (default: the AWS SDK's chain; us-east-1 with --s3-endpoint)
              --s3-path-style         bucket in the URL path, as most S3-compatible stores need
                                      Credentials come from the AWS SDK's default chain
                                      (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role).
            """;

    /** How to reach S3 for the root or for mounts: endpoint, region, path style. */
    record S3Access(Optional<URI> endpoint, Optional<String> region, boolean pathStyle) {

        S3Settings bucket(String bucket, String prefix) {
            try {
                return new S3Settings(bucket, prefix, endpoint, region, pathStyle);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--s3-bucket/--s3-prefix: " + e.getMessage());
            }
        }
    }

    S3Access s3Access();

    record Local(Path root, S3Access s3Access) implements StorageOptions {}

    record S3(S3Settings settings, S3Access s3Access) implements StorageOptions {}

    /** Reads the storage flags; {@code defaultRoot} serves when neither --root nor a bucket is given. */
    static StorageOptions parse(Flags flags, Optional<Path> defaultRoot) {
        S3Access access = new S3Access(flags.value("s3-endpoint").map(StorageOptions::endpoint),
                flags.value("s3-region"), flags.isSet("s3-path-style"));
        String backend = flags.value("backend").orElse("local");
        return switch (backend) {
            case "local" -> {
                if (flags.isSet("s3-bucket") || flags.isSet("s3-prefix")) {
                    throw new UsageError("--s3-bucket and --s3-prefix go with --backend s3");
                }
                Optional<Path> root = flags.value("root").map(Path::of);
                if (root.isPresent() && !Files.isDirectory(root.get())) {
                    throw new UsageError("--root " + root.get() + " is not an existing directory");
                }
                yield new Local(root.or(() -> defaultRoot).orElseThrow(() -> new UsageError("--root DIR is needed")), access);
            }
            case "s3" -> {
                if (flags.isSet("root")) {
                    throw new UsageError("--root goes with --backend local; use --s3-bucket and --s3-prefix");
                }
                String bucket = flags.value("s3-bucket").orElseThrow(() -> new UsageError("--backend s3 needs --s3-bucket NAME"));
                yield new S3(access.bucket(bucket, flags.value("s3-prefix").orElse("")), access);
            }
            default -> throw new UsageError("--backend must be local or s3, not '" + backend + "'");
        };
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageError("--s3-endpoint must be an http(s) URL, not '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageError("--s3-endpoint must be an http(s) URL, not '" + text + "'");
        }
    }
}
