package xxftp.s3;

import xxftp.domain.port.Storage;
import xxftp.domain.testkit.StorageContract;


/** The storage contract, unchanged, on S3 (S3Proxy in-process). */
class S3StorageContractTest extends StorageContract {

    @Override
    protected Storage createStorage() {
        S3TestServer server = S3TestServer.get();
        return new S3Storage(server.client(), server.freshPrefix());
    }
}
