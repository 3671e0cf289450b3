package xxftp.localfs;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.Storage;
import xxftp.domain.StorageContract;

class LocalStorageContractTest extends StorageContract {

    @TempDir
    Path root;

    @Override
    protected Storage createStorage() {
        return new LocalStorage(root);
    }
}
