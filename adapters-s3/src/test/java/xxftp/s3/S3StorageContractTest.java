package xxftp.s3;

import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Storage;
import xxftp.domain.testkit.StorageContract;

/** The storage contract on S3 (S3Proxy in-process). */
class S3StorageContractTest extends StorageContract {

    private final S3TestServer server = S3TestServer.get();
    private S3Settings settings;

    @Override
    protected Storage createStorage() {
        settings = server.freshPrefix();
        return new S3Storage(server.client(), settings);
    }

    /** An empty folder of S3Proxy's disk, which its listings show only as a common prefix. */
    @Override
    protected void createFolderBehindTheServersBack(StorageKey key) {
        server.createFolderOnDisk(settings.prefix() + key);
    }
}
