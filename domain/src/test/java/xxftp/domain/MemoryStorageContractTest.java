package xxftp.domain;

class MemoryStorageContractTest extends StorageContract {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }
}
