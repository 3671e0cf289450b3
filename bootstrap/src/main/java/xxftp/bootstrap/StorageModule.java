package xxftp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.domain.port.Backends;
import xxftp.domain.port.Storage;
import xxftp.s3.S3Clients;
import xxftp.s3.S3Settings;

/**
 * The root storage chosen by configuration (a local folder or a bucket) and the backends for
 * mount targets. Nothing else in the wiring knows which one it is.
 */
final class StorageModule extends AbstractModule {


    private final StorageOptions options;
    private final Function<S3Settings, S3Client> s3Clients;

    /** The admin commands: one SDK client (and connection pool) per endpoint, region and path style. */
    StorageModule(StorageOptions options) {
        this(options, List.of());
    }

    /** The server: the same, its clients' requests counted by {@code s3Metrics}. */
    StorageModule(StorageOptions options, List<MetricPublisher> s3Metrics) {
        this(options, cachedClients(s3Metrics));
    }

    /** Tests pass clients that trust their S3 server's certificate. */
    StorageModule(StorageOptions options, Function<S3Settings, S3Client> s3Clients) {
        this.options = options;
        this.s3Clients = s3Clients;
    }

    private static Function<S3Settings, S3Client> cachedClients(List<MetricPublisher> s3Metrics) {
        var clients = new ConcurrentHashMap<StorageOptions.S3Access, S3Client>();
        return settings -> clients.computeIfAbsent(
                new StorageOptions.S3Access(settings.endpoint(), settings.region(), settings.pathStyle(), settings.transfers()),
                access -> S3Clients.create(settings, s3Metrics));
    }

    @Provides
    @Singleton
    Stores stores() {
        return new Stores(s3Clients);
    }

    @Provides
    @Singleton
    Storage root(Stores stores) {
        return stores.tree(options);
    }

    @Provides
    @Singleton
    Backends backends(Stores stores) {
        return new UriBackends(options.s3Access(), stores);
    }
}
