package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.text;
import static xxftp.domain.testkit.StorageFixtures.writeAll;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/**
 * The requests the common operations send, counted on the wire: each is a round trip to a
 * region (tens of milliseconds), so an MKD or a small STOR costs what it asks. A name's file
 * and folder come from one listing, not a HEAD and a listing.
 */
class S3RequestsTest {

    private static final String LIST = "ListObjectsV2";

    private final S3TestServer server = S3TestServer.get();
    private final RequestLog log = new RequestLog();
    private S3Storage storage;

    @BeforeEach
    void aFolder() {
        storage = new S3Storage(server.newClient(log), server.freshPrefix());
        storage.makeDirectory(StorageKey.parse("d"));
        log.clear();
    }

    @Test
    void aNewFolderListsItsParentAndItsNameThenPutsItsMarker() {
        storage.makeDirectory(StorageKey.parse("d/e"));

        assertThat(log.operations()).containsExactly(LIST, LIST, "PutObject");
        assertThat(storage.stat(StorageKey.parse("d/e")).isDirectory()).isTrue();
    }

    @Test
    void aFolderThatExistsIsRefusedAfterTheSameTwoListings() {
        storage.makeDirectory(StorageKey.parse("d/e"));
        file(storage, "d/f", "x");
        log.clear();

        assertThatThrownBy(() -> storage.makeDirectory(StorageKey.parse("d/e"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThatThrownBy(() -> storage.makeDirectory(StorageKey.parse("d/f"))).isInstanceOf(Failure.AlreadyExists.class);
        assertThat(log.operations()).containsExactly(LIST, LIST, LIST, LIST);
    }

    @Test
    void aNewSmallFileListsItsParentAndItsNameThenPutsIt() {
        upload("d/f", WriteMode.CREATE_NEW, "new");

        assertThat(log.operations()).containsExactly(LIST, LIST, "PutObject");
        assertThat(text(storage, "d/f")).isEqualTo("new");
    }

    /** The listing's size and ETag stand for a HEAD's: the append keeps the old bytes and publishes If-Match. */
    @Test
    void anAppendTakesTheSizeAndETagOfTheObjectFromTheListing() {
        file(storage, "d/f", "one");
        log.clear();

        upload("d/f", WriteMode.APPEND, "+two");

        assertThat(log.operations()).containsExactly(LIST, LIST, "GetObject", "PutObject");
        assertThat(text(storage, "d/f")).isEqualTo("one+two");
    }

    /** The root's folder is known without asking: its children's parent check costs nothing. */
    @Test
    void aFolderIsNotWrittenOverAsAFileNorAFileIntoAMissingFolder() {
        storage.makeDirectory(StorageKey.parse("d/e"));
        log.clear();

        assertThatThrownBy(() -> storage.write(StorageKey.parse("d/e"), WriteMode.REPLACE, 0)).isInstanceOf(Failure.NotAFile.class);
        assertThatThrownBy(() -> storage.write(StorageKey.parse("d/none/f"), WriteMode.REPLACE, 0)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.write(StorageKey.parse("d"), WriteMode.REPLACE, 0)).isInstanceOf(Failure.NotAFile.class);
        assertThat(log.operations()).containsExactly(LIST, LIST, LIST, LIST);
    }

    /** The GET has said there is no object: only the listing is left to tell a folder from nothing. */
    @Test
    void aMissingFileIsOneGetAndOneListing() {
        assertThatThrownBy(() -> storage.read(StorageKey.parse("d/none"), 0)).isInstanceOf(Failure.NotFound.class);
        assertThatThrownBy(() -> storage.read(StorageKey.parse("d"), 0)).isInstanceOf(Failure.NotAFile.class);

        assertThat(log.operations()).containsExactly("GetObject", LIST, "GetObject", LIST);
    }

    /** The tree's control files, read every few seconds by every session: missing, a GET is all it takes. */
    @Test
    void aMissingControlFileIsOneGet() {
        assertThat(storage.readIfFile(StorageKey.parse("d/.xxftp/size"))).isEmpty();
        assertThat(storage.readIfFile(StorageKey.parse("d"))).isEmpty();

        assertThat(log.operations()).containsExactly("GetObject", "GetObject");
    }

    /** CWD, USER (of a home), SIZE, MDTM: the object and the folder's marker in one round trip. */
    @Test
    void aStatAsksForTheObjectAndTheMarkerAtOnce() {
        file(storage, "d/f", "x");
        storage.setModified(StorageKey.parse("d"), Instant.parse("2020-01-02T03:04:05Z"));
        log.clear();

        assertThat(storage.stat(StorageKey.parse("d/f")).size()).isEqualTo(1);
        assertThat(log.operations()).containsExactly("HeadObject", "HeadObject");
        log.clear();
        assertThat(storage.stat(StorageKey.parse("d")).modified()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
        assertThat(log.operations()).containsExactly("HeadObject", "HeadObject");
        log.clear();
        assertThatThrownBy(() -> storage.stat(StorageKey.parse("d/none"))).isInstanceOf(Failure.NotFound.class);
        assertThat(log.operations()).containsExactly("HeadObject", "HeadObject", LIST);
    }

    /** With UserTree asking no stat first, a LIST of a folder is this one request. */
    @Test
    void aFolderIsListedInOneRequest() {
        file(storage, "d/f", "x");
        log.clear();

        try (Stream<Entry> entries = storage.list(StorageKey.parse("d"))) {
            assertThat(entries.map(Entry::name)).containsExactly("f");
        }
        assertThat(log.operations()).containsExactly(LIST);
    }

    private void upload(String path, WriteMode mode, String content) {
        try (Upload upload = storage.write(StorageKey.parse(path), mode, 0)) {
            writeAll(upload, content.getBytes(StandardCharsets.UTF_8));
            upload.commit();
        }
    }
}
