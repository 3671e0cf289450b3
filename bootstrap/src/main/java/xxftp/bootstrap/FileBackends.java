package xxftp.bootstrap;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.Backends;
import xxftp.domain.Location;
import xxftp.domain.Storage;
import xxftp.domain.StorageKey;
import xxftp.localfs.LocalStorage;

/**
 * Mount targets outside the root: {@code file:///srv/x} (or a plain absolute path) opens a
 * local folder. One storage per folder, so quota scopes on it are shared by every mount.
 */
final class FileBackends implements Backends {

    private static final Logger log = LoggerFactory.getLogger(FileBackends.class);

    private final ConcurrentHashMap<Path, Storage> storages = new ConcurrentHashMap<>();

    @Override
    public Optional<Location> open(URI target) {
        if (!"file".equals(target.getScheme())) {
            log.warn("No backend for mount target {}", target);
            return Optional.empty();
        }
        Path folder = Path.of(target).normalize();
        if (!Files.isDirectory(folder)) {
            log.warn("Mount target {} is not a directory", folder);
            return Optional.empty();
        }
        return Optional.of(new Location(storages.computeIfAbsent(folder, LocalStorage::new), StorageKey.ROOT));
    }
}
