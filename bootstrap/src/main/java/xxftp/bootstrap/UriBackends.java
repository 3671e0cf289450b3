package xxftp.bootstrap;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Location;
import xxftp.domain.model.Mount;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Backends;
import xxftp.domain.tree.ProblemLog;
import xxftp.s3.S3Settings;

/**
 * Mount targets outside the root's storage: {@code file:///srv/x} (or a plain absolute path)
 * opens a local folder, {@code s3://bucket/prefix} a bucket folder. One storage per target,
 * so a quota scope on it is shared by every mount that names it.
 */
final class UriBackends implements Backends {

    private static final Logger log = LoggerFactory.getLogger(UriBackends.class);

    private final StorageOptions.S3Access s3Access;
    private final Stores stores;
    /** Only what opened: a target that failed is tried again next time, so a passing fault heals. */
    private final ConcurrentHashMap<URI, Location> opened = new ConcurrentHashMap<>();
    private final ProblemLog problems = new ProblemLog(log);

    UriBackends(StorageOptions.S3Access s3Access, Stores stores) {
        this.s3Access = s3Access;
        this.stores = stores;
    }

    @Override
    public Optional<Location> open(URI target) {
        URI normal = target.normalize();
        Location known = opened.get(normal);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Location> now = openNow(normal);
        now.ifPresent(location -> {
            opened.putIfAbsent(normal, location);
            problems.works("Mount target " + normal);
        });
        return now.map(location -> opened.get(normal));
    }

    private Optional<Location> openNow(URI target) {
        return switch (String.valueOf(target.getScheme())) {
            case "file" -> {
                Path folder = Path.of(target).normalize();
                if (!Files.isDirectory(folder)) {
                    problems.problem("Mount target " + target, "not a directory");
                    yield Optional.empty();
                }
                yield Optional.of(new Location(stores.mountTarget(new StorageOptions.Local(folder, s3Access)), StorageKey.ROOT));
            }
            case "s3" -> {
                try {
                    S3Settings settings = S3Settings.fromUri(target, s3Access.endpoint(), s3Access.region(), s3Access.pathStyle(),
                            s3Access.transfers());
                    yield Optional.of(new Location(stores.mountTarget(new StorageOptions.S3(settings, s3Access)), StorageKey.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.problem("Mount target " + target, "not a usable bucket: " + e.getMessage());
                    yield Optional.empty();
                }
            }
            default -> {
                problems.problem("Mount target " + target, "no backend for this scheme");
                yield Optional.empty();
            }
        };
    }
}
