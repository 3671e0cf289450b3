package xxftp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;
import xxftp.domain.Storage;
import xxftp.localfs.LocalStorage;

/** The root tree on a local disk. */
final class LocalStorageModule extends AbstractModule {

    private final Path root;

    LocalStorageModule(Path root) {
        this.root = root;
    }

    @Provides
    @Singleton
    Storage root() {
        return new LocalStorage(root);
    }
}
