package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static xxftp.domain.testkit.StorageFixtures.writeAll;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/** The incomplete multipart uploads that a killed server leaves: its own are aborted, other tools' are not. */
class S3SweepTest {

    /** More than one 8 MiB part, so that the upload is a multipart one. */
    private static final int MULTIPART_BYTES = 9 << 20;

    private final S3TestServer server = S3TestServer.get();
    private S3Settings settings;
    private S3Storage storage;

    @BeforeEach
    void freshPrefix() {
        settings = server.freshPrefix();
        storage = new S3Storage(server.client(), settings);
    }

    @Test
    void onlyTheServersOwnUploadsFromBeforeAreAborted() throws InterruptedException {
        leftByAKill("old");
        String otherTools = server.client().createMultipartUpload(r -> r.bucket(settings.bucket())
                .key(settings.prefix() + "other")).uploadId();
        Thread.sleep(1_100);
        Instant start = Instant.now();
        Thread.sleep(1_100);
        String current = leftByAKill("current");

        int aborted = storage.sweepIncompleteUploads(start);

        assertThat(aborted).isEqualTo(1);
        assertThat(openUploadIds()).containsExactlyInAnyOrder(otherTools, current);
        assertThat(markers()).as("the aborted upload's marker is gone, the running one's stays").hasSize(1);
    }

    @Test
    void aMarkerWhoseUploadIsGoneIsRemoved() throws InterruptedException {
        server.client().putObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + ControlFiles.TEMPORARY_PREFIX + "f00d"),
                RequestBody.empty());
        Thread.sleep(1_100);

        int aborted = storage.sweepIncompleteUploads(Instant.now());

        assertThat(aborted).isZero();
        assertThat(markers()).isEmpty();
    }

    /** A STOR of more than a part whose server died: started, never committed nor aborted. */
    private String leftByAKill(String name) {
        Upload upload = storage.write(StorageKey.parse(name), WriteMode.REPLACE, 0);
        writeAll(upload, new byte[MULTIPART_BYTES]);
        return openUploads().stream().filter(open -> open.key().equals(settings.prefix() + name))
                .map(MultipartUpload::uploadId).findFirst().orElseThrow();
    }

    private List<MultipartUpload> openUploads() {
        return server.client().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).uploads();
    }

    private List<String> openUploadIds() {
        return openUploads().stream().map(MultipartUpload::uploadId).toList();
    }

    private List<String> markers() {
        return server.client().listObjectsV2(r -> r.bucket(settings.bucket())
                .prefix(settings.prefix() + ControlFiles.TEMPORARY_PREFIX)).contents().stream().map(S3Object::key).toList();
    }
}
