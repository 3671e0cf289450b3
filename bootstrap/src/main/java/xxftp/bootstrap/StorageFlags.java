package xxftp.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import xxftp.s3.S3Transfers;

/**
 * Where the tree lives, as every command that reads it takes it: a local folder (--root) or a
 * bucket (--backend s3 --s3-bucket ...), and the configuration file. The --s3-endpoint,
 * --s3-region and --s3-path-style flags also apply to {@code s3://} mount targets in a local tree,
 * and so do the transfer flags: one budget of each kind for every bucket the process serves.
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

    @Option(names = "--s3-upload-parallelism", paramLabel = "N",
            description = "parts one upload to S3 sends at once (default ${DEFAULT-VALUE})")
    int uploadParallelism = S3Transfers.DEFAULT_PARALLELISM;

    @Option(names = "--s3-upload-memory", paramLabel = "BYTES",
            description = "part buffers of all uploads to S3 together (default a quarter of the heap: ${DEFAULT-VALUE});"
                    + " while it is spent, uploads pause reading from their clients")
    long uploadMemory = S3Transfers.defaultUploadMemory();

    @Option(names = "--s3-download-parallelism", paramLabel = "N",
            description = "ranged GETs one download of a large object makes at once (default ${DEFAULT-VALUE}; 1: none ahead)")
    int downloadParallelism = S3Transfers.DEFAULT_PARALLELISM;

    @Option(names = "--s3-download-memory", paramLabel = "BYTES",
            description = "read-ahead buffers of all downloads from S3 together (default an eighth of the heap: ${DEFAULT-VALUE})")
    long downloadMemory = S3Transfers.defaultDownloadMemory();

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "this server's name among the servers on one bucket (default the host name: ${DEFAULT-VALUE});"
                    + " a server aborts at start the incomplete uploads that a crash of its name left, never another's")
    String nodeName = S3Transfers.defaultNode();

    /** The storage these flags name; {@code defaultRoot} serves when neither --root nor a bucket is given. */
    StorageOptions options(Optional<Path> defaultRoot) {
        StorageOptions.S3Access access = new StorageOptions.S3Access(
                Optional.ofNullable(endpoint).map(StorageFlags::endpoint), Optional.ofNullable(region), pathStyle, transfers());
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

    private S3Transfers transfers() {
        return S3Transfers.of(parallelism("--s3-upload-parallelism", uploadParallelism),
                memory("--s3-upload-memory", uploadMemory),
                parallelism("--s3-download-parallelism", downloadParallelism),
                memory("--s3-download-memory", downloadMemory), nodeName());
    }

    private String nodeName() {
        if (!S3Transfers.isNodeName(nodeName)) {
            throw new UsageError("--node-name", "must be 1-64 letters, digits, '.', '_' or '-', not '" + nodeName + "'");
        }
        return nodeName;
    }

    private static int parallelism(String option, int value) {
        if (value < 1 || value > S3Transfers.MAX_PARALLELISM) {
            throw new UsageError(option, "must be 1-" + S3Transfers.MAX_PARALLELISM + ", not " + value);
        }
        return value;
    }

    private static long memory(String option, long bytes) {
        if (bytes < S3Transfers.MIN_MEMORY_BYTES) {
            throw new UsageError(option, "must be at least " + S3Transfers.MIN_MEMORY_BYTES + " bytes (one part), not " + bytes);
        }
        return bytes;
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
