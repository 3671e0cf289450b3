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

    /**
     * Several servers on one bucket: a node's start takes only what its own earlier run left
     * (and uploads from before markers named a node); another node's may be on its way.
     */
    @Test
    void aNodeSweepsItsOwnUploadsAndThoseOfEveryNodeOnlyWhenAskedFor() throws InterruptedException {
        S3Storage one = new S3Storage(server.client(), settingsOf("one"));
        S3Storage two = new S3Storage(server.client(), settingsOf("two"));
        String ofOne = leftByAKill(one, "by-one");
        String ofTwo = leftByAKill(two, "by-two");
        String unnamed = leftByAKill(one, "unnamed");
        String oldMarker = S3Multipart.markerOf(one.bucket(), unnamed);
        server.client().deleteObject(r -> r.bucket(settings.bucket()).key(markers().stream()
                .filter(key -> key.startsWith(oldMarker)).findFirst().orElseThrow()));
        server.client().putObject(r -> r.bucket(settings.bucket()).key(oldMarker), RequestBody.empty());
        assertThat(markers()).hasSize(3).allMatch(key -> key.equals(oldMarker) || key.endsWith(".one") || key.endsWith(".two"));
        Thread.sleep(1_100);

        assertThat(two.sweepOwnIncompleteUploads(Instant.now())).isEqualTo(2);
        assertThat(openUploadIds()).containsExactly(ofOne);
        assertThat(markers()).singleElement().asString().endsWith(".one");

        assertThat(two.sweepIncompleteUploads(Instant.now())).isEqualTo(1);
        assertThat(openUploadIds()).isEmpty();
        assertThat(markers()).isEmpty();
        assertThat(ofTwo).isNotEqualTo(ofOne);
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

    private S3Settings settingsOf(String node) {
        return new S3Settings(settings.bucket(), settings.prefix(), settings.endpoint(), settings.region(), settings.pathStyle(),
                S3Transfers.of(1, S3Transfers.MIN_MEMORY_BYTES * 8, 1, S3Transfers.MIN_MEMORY_BYTES, node));
    }

    /** A STOR of more than a part whose server died: started, never committed nor aborted. */
    private String leftByAKill(String name) {
        return leftByAKill(storage, name);
    }

    private String leftByAKill(S3Storage storage, String name) {
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
