package xxftp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.domain.port.Backends;
import xxftp.domain.port.Storage;
import xxftp.localfs.LocalStorage;
import xxftp.s3.S3Clients;
import xxftp.s3.S3Settings;
import xxftp.s3.S3Storage;

/**
 * The root storage chosen by configuration (a local folder or a bucket) and the backends for
 * mount targets. Nothing else in the wiring knows which one it is.
 */
final class StorageModule extends AbstractModule {

    private static final Logger log = LoggerFactory.getLogger(StorageModule.class);

    private final StorageOptions options;
    private final Function<S3Settings, S3Client> s3Clients;

    /** Production: one SDK client (and connection pool) per endpoint, region and path style. */
    StorageModule(StorageOptions options) {
        this(options, cachedClients());
    }

    /** Tests pass clients that trust their S3 server's certificate. */
    StorageModule(StorageOptions options, Function<S3Settings, S3Client> s3Clients) {
        this.options = options;
        this.s3Clients = s3Clients;
    }

    private static Function<S3Settings, S3Client> cachedClients() {
        var clients = new ConcurrentHashMap<StorageOptions.S3Access, S3Client>();
        return settings -> clients.computeIfAbsent(
                new StorageOptions.S3Access(settings.endpoint(), settings.region(), settings.pathStyle()),
                access -> S3Clients.create(settings));
    }

    @Provides
    @Singleton
    Storage root() {
        return switch (options) {
            case StorageOptions.Local local -> {
                LocalStorage tree = LocalStorage.ofTree(local.root());
                Instant started = Instant.now();
                // in the background: a large tree must not delay the start
                Thread.ofVirtual().name("sweep-temporaries").start(() -> {
                    int swept = tree.sweepTemporaries(started);
                    if (swept > 0) {
                        log.info("Removed {} upload temporaries left by an earlier run", swept);
                    }
                });
                yield tree;
            }
            case StorageOptions.S3 s3 -> {
                S3Storage bucket = new S3Storage(s3Clients.apply(s3.settings()), s3.settings());
                bucket.checkReachable();
                yield bucket;
            }
        };
    }

    @Provides
    @Singleton
    Backends backends() {
        return new UriBackends(options.s3Access(), s3Clients);
    }
}
