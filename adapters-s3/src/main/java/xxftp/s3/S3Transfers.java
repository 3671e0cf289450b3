package xxftp.s3;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How the buckets of one process move bytes: parts sent at once by each upload, ranged GETs
 * at once by each download of a large object, and the memory all of them share. One S3
 * connection carries far less than a region does (about 50-100 MB/s), so both directions use
 * several at once, as the SDK's transfer manager does; the budgets keep the buffers that this
 * takes within bounds however many transfers run.
 */
public final class S3Transfers {

    public static final int DEFAULT_PARALLELISM = 4;
    /** Requests at once per transfer; well under the client's connection pool. */
    public static final int MAX_PARALLELISM = S3Clients.MAX_CONNECTIONS / 2;
    /** A budget holds at least one part, or no upload could ever fill one. */
    public static final long MIN_MEMORY_BYTES = S3Upload.FIRST_PART_BYTES;
    static final int DOWNLOAD_PART_BYTES = 8 << 20;
    /** Looked up once: every process's S3 settings, and every test's, ask for it. */
    private static final String DEFAULT_NODE = hostNode();

    private final int uploadParallelism;
    private final S3Budget uploadMemory;
    private final int downloadParallelism;
    private final S3Budget downloadMemory;
    private final int downloadPartBytes;
    private final String node;

    S3Transfers(int uploadParallelism, long uploadMemoryBytes, int downloadParallelism, long downloadMemoryBytes,
                int downloadPartBytes, String node) {
        this.uploadParallelism = checked("upload parallelism", uploadParallelism);
        this.downloadParallelism = checked("download parallelism", downloadParallelism);
        if (uploadMemoryBytes < MIN_MEMORY_BYTES || downloadMemoryBytes < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException("transfer memory must be at least " + MIN_MEMORY_BYTES + " bytes");
        }
        this.uploadMemory = new S3Budget(uploadMemoryBytes);
        this.downloadMemory = new S3Budget(downloadMemoryBytes);
        this.downloadPartBytes = downloadPartBytes;
        if (!isNodeName(node)) {
            throw new IllegalArgumentException("a node name is 1-64 letters, digits, '.', '_' or '-', not '" + node + "'");
        }
        this.node = node;
    }

    /**
     * @param uploadParallelism   UploadParts at once per upload
     * @param uploadMemoryBytes   part buffers of all uploads together; a full budget pauses reading from clients
     * @param downloadParallelism ranged GETs at once per download (1: one GET, no read-ahead)
     * @param downloadMemoryBytes read-ahead buffers of all downloads together; a full budget reads ahead less
     * @param node                this server's name among those on a bucket, in the marker of each upload it starts
     */
    public static S3Transfers of(int uploadParallelism, long uploadMemoryBytes, int downloadParallelism, long downloadMemoryBytes,
                                 String node) {
        return new S3Transfers(uploadParallelism, uploadMemoryBytes, downloadParallelism, downloadMemoryBytes, DOWNLOAD_PART_BYTES,
                node);
    }

    /** The defaults, with budgets of their own: for a process with a single storage, and for tests. */
    public static S3Transfers defaults() {
        return of(DEFAULT_PARALLELISM, defaultUploadMemory(), DEFAULT_PARALLELISM, defaultDownloadMemory(), defaultNode());
    }

    /** What fits in an object key's last segment, and tells servers apart. */
    public static boolean isNodeName(String name) {
        return name != null && name.matches("[A-Za-z0-9._-]{1,64}");
    }

    /**
     * The host's name, which differs between machines and stays across a restart: the restarted
     * server aborts what its crashed run left, and leaves another machine's running uploads alone.
     */
    public static String defaultNode() {
        return DEFAULT_NODE;
    }

    private static String hostNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "";
        }
        String name = host.replaceAll("[^A-Za-z0-9._-]", "-");
        name = name.substring(0, Math.min(64, name.length()));
        return name.isEmpty() ? "xxftp" : name;
    }

    /** A quarter of the heap (at least one part). */
    public static long defaultUploadMemory() {
        return Math.max(MIN_MEMORY_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /** An eighth of the heap (at least one part). */
    public static long defaultDownloadMemory() {
        return Math.max(MIN_MEMORY_BYTES, Runtime.getRuntime().maxMemory() / 8);
    }

    int uploadParallelism() {
        return uploadParallelism;
    }

    S3Budget uploadMemory() {
        return uploadMemory;
    }

    int downloadParallelism() {
        return downloadParallelism;
    }

    S3Budget downloadMemory() {
        return downloadMemory;
    }

    int downloadPartBytes() {
        return downloadPartBytes;
    }

    String node() {
        return node;
    }

    /** Objects longer than this are read ahead; shorter ones come in one GET. */
    long readAheadAbove() {
        return 2L * downloadPartBytes;
    }

    private static int checked(String what, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(what + " must be 1-" + MAX_PARALLELISM + ", not " + parallelism);
        }
        return parallelism;
    }
}
