package xxftp.domain.testkit;

import xxftp.domain.port.Storage;

class MemoryStorageContractTest extends StorageContract {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }
}
