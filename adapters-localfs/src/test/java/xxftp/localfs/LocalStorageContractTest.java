package xxftp.localfs;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.port.Storage;
import xxftp.domain.testkit.StorageContract;

/** The contract on a {@code file://} mount target, as bootstrap's UriBackends builds it. */
class LocalStorageContractTest extends StorageContract {

    @TempDir
    Path root;

    @Override
    protected Storage createStorage() {
        return new LocalStorage(root);
    }
}
