package xxftp.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the tree lives, as every command that reads it takes it: a local folder (--root) or a
 * bucket (--backend s3 --s3-bucket ...), and the configuration file. The --s3-endpoint,
 * --s3-region and --s3-path-style flags also apply to {@code s3://} mount targets in a local tree.
 */
final class StorageFlags {

    @Option(names = SettingSources.CONFIG_FLAG, paramLabel = "FILE",
            description = "a YAML file of settings (keys are these flags' names; also XXFTP_CONFIG)")
    Path config;

    @Option(names = "--root", paramLabel = "DIR", description = "the served tree on a local disk; must exist")
    Path root;

    @Option(names = "--backend", paramLabel = "local|s3", description = "where the tree lives (default local)")
    String backend;

    @Option(names = "--s3-bucket", paramLabel = "NAME", description = "the bucket holding the tree (with --backend s3)")
    String bucket;

    @Option(names = "--s3-prefix", paramLabel = "P", description = "key prefix of the tree's root in the bucket (default: none)")
    String prefix;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "an S3-compatible store (MinIO, Ceph, ...); default AWS")
    String endpoint;

    @Option(names = "--s3-region", paramLabel = "R",
            description = "region (default: the AWS SDK's chain; us-east-1 with --s3-endpoint)")
    String region;

    @Option(names = "--s3-path-style", arity = "0..1", fallbackValue = "true",
            description = "bucket in the URL path, as most S3-compatible stores need. Credentials come from the"
                    + " AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role).")
    boolean pathStyle;

    /** The storage these flags name; {@code defaultRoot} serves when neither --root nor a bucket is given. */
    StorageOptions options(Optional<Path> defaultRoot) {
        StorageOptions.S3Access access = new StorageOptions.S3Access(
                Optional.ofNullable(endpoint).map(StorageFlags::endpoint), Optional.ofNullable(region), pathStyle);
        String chosen = backend == null ? "local" : backend;
        return switch (chosen) {
            case "local" -> {
                if (bucket != null || prefix != null) {
                    throw new UsageError("--s3-bucket and --s3-prefix go with --backend s3");
                }
                if (root != null && !Files.isDirectory(root)) {
                    throw new UsageError("--root", root + " is not an existing directory");
                }
                Path tree = Optional.ofNullable(root).or(() -> defaultRoot)
                        .orElseThrow(() -> new UsageError("--root DIR is needed"));
                yield new StorageOptions.Local(tree, access);
            }
            case "s3" -> {
                if (root != null) {
                    throw new UsageError("--root goes with --backend local; use --s3-bucket and --s3-prefix");
                }
                if (bucket == null) {
                    throw new UsageError("--backend s3 needs --s3-bucket NAME");
                }
                yield new StorageOptions.S3(access.bucket(bucket, prefix == null ? "" : prefix), access);
            }
            default -> throw new UsageError("--backend", "must be local or s3, not '" + chosen + "'");
        };
    }

    /** Whether --root was given (a starter tree is made only for the default root). */
    boolean rootGiven() {
        return root != null;
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UsageError("--s3-endpoint", "must be an http(s) URL, not '" + text + "'");
    }
}
