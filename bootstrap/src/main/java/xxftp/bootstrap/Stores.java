package xxftp.bootstrap;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.domain.port.Storage;
import xxftp.localfs.LocalStorage;
import xxftp.s3.S3Settings;
import xxftp.s3.S3Storage;

/**
 * The one place that makes a storage of where a tree lives, a folder on a disk or a bucket:
 * for the served tree (which also gets its start-up checks and its sweeps) or for a mount target.
 */
final class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);
    /**
     * Incomplete uploads of this server older than this are aborted by the periodic sweep: longer
     * than any upload runs. The sweep at start takes everything older than the process.
     */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    private final Function<S3Settings, S3Client> s3Clients;

    Stores(Function<S3Settings, S3Client> s3Clients) {
        this.s3Clients = s3Clients;
    }

    /** The served tree: a folder must hold the tree's rules of links; a bucket must answer now. */
    Storage tree(StorageOptions where) {
        return switch (where) {
            case StorageOptions.Local local -> LocalStorage.ofTree(local.root());
            case StorageOptions.S3 s3 -> {
                S3Storage bucket = new S3Storage(s3Clients.apply(s3.settings()), s3.settings());
                bucket.checkReachable();
                yield bucket;
            }
        };
    }

    /**
     * In the background, removes what a crash of an earlier run of this server left in the
     * tree: upload temporaries on a disk, this node's incomplete uploads in a bucket. Only a
     * server does this; an admin command run beside a server would take that server's uploads
     * in flight, which started before the command did.
     */
    static void sweepLeftovers(Storage tree) {
        // what is older than this process is a crashed run's; not the time of this call, since a file
        // system's clock runs up to a tick behind and this run's first upload could seem older
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        switch (tree) {
            case LocalStorage disk -> Thread.ofVirtual().name("sweep-temporaries").start(() -> {
                int swept = disk.sweepTemporaries(started);
                if (swept > 0) {
                    log.info("Removed {} upload temporaries left by an earlier run", swept);
                }
            });
            case S3Storage bucket -> Thread.ofVirtual().name("sweep-uploads").start(() -> sweepUploads(bucket, started));
            default -> throw new IllegalArgumentException("no sweep for " + tree.getClass().getSimpleName());
        }
    }

    /** A mount target's storage. */
    Storage mountTarget(StorageOptions where) {
        return switch (where) {
            case StorageOptions.Local local -> new LocalStorage(local.root());
            case StorageOptions.S3 s3 -> new S3Storage(s3Clients.apply(s3.settings()), s3.settings());
        };
    }

    /**
     * Aborts the incomplete multipart uploads left in the bucket by a crash (kill -9), whose
     * parts S3 bills until then: at start this node's from before the start (another node's may
     * be on their way), then once a day every node's older than {@link #ABANDONED_AFTER}.
     */
    private static void sweepUploads(S3Storage bucket, Instant started) {
        log.info("Aborted {} incomplete uploads that an earlier run of node {} left in the bucket",
                bucket.sweepOwnIncompleteUploads(started), bucket.nodeName());
        while (true) {
            try {
                Thread.sleep(ABANDONED_AFTER);
            } catch (InterruptedException e) {
                return;
            }
            int swept = bucket.sweepIncompleteUploads(Instant.now().minus(ABANDONED_AFTER));
            if (swept > 0) {
                log.info("Aborted {} incomplete uploads older than {} in the bucket", swept, ABANDONED_AFTER);
            }
        }
    }
}
