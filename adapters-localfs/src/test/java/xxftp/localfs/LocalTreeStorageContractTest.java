package xxftp.localfs;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.port.Storage;
import xxftp.domain.testkit.StorageContract;

/** The contract on the served tree, as bootstrap's StorageModule builds it. */
class LocalTreeStorageContractTest extends StorageContract {

    @TempDir
    Path root;

    @Override
    protected Storage createStorage() {
        return LocalStorage.ofTree(root);
    }
}
