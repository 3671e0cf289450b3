package xxftp.localfs;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.port.Storage;
import xxftp.domain.testkit.StorageContract;

class LocalStorageContractTest extends StorageContract {

    @TempDir
    Path root;

    @Override
    protected Storage createStorage() {
        return new LocalStorage(root);
    }
}
