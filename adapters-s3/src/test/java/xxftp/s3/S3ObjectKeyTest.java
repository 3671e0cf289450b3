package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xxftp.domain.model.StorageKey;
import xxftp.domain.testkit.StorageFixtures;

/** Where a file of the tree is in S3, as event hooks report it: the bucket, and its key under the prefix. */
class S3ObjectKeyTest {

    @Test
    void aKeyIsThePrefixAndItsSegments() {
        S3Storage storage = new S3Storage(null, new S3Settings("drop-box", "/ftp/partners/", Optional.of(URI.create("http://s3.test")),
                Optional.of("us-east-1"), true));

        assertThat(storage.bucketName()).isEqualTo("drop-box");
        assertThat(storage.objectKey(StorageKey.parse("alice/incoming/a b.txt"))).isEqualTo("ftp/partners/alice/incoming/a b.txt");
    }

    @Test
    void theKeyIsWhereTheUploadLands() {
        S3TestServer server = S3TestServer.get();
        S3Storage storage = new S3Storage(server.client(), server.freshPrefix());
        StorageFixtures.file(storage, "in/x.csv", "1,2\n");

        String stored = server.client().getObjectAsBytes(request -> request.bucket(storage.bucketName())
                .key(storage.objectKey(StorageKey.parse("in/x.csv")))).asUtf8String();

        assertThat(stored).isEqualTo("1,2\n");
    }
}
