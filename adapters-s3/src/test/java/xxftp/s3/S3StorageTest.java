package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.dir;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.text;
import static xxftp.domain.testkit.StorageFixtures.writeAll;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/** What only the S3 backend has to get right: parts, copies, conditional publishing, faults. */
class S3StorageTest {

    private static final int MIB = 1 << 20;

    private final S3TestServer server = S3TestServer.get();
    private S3Settings settings;
    private S3Storage storage;

    @BeforeEach
    void freshPrefix() {
        settings = server.freshPrefix();
        storage = new S3Storage(server.client(), settings);
    }

    @Test
    void aLongUploadBecomesEightMebibyteParts() {
        String content = random(20 * MIB + 123);
        file(storage, "big", content);

        assertThat(etag("big")).endsWith("-3\"");
        assertThat(read("big", 0)).isEqualTo(content);
        assertThat(read("big", 17 * MIB)).isEqualTo(content.substring(17 * MIB));
        assertThat(keys()).as("the upload's marker went with it").containsExactly("big");
    }

    /** S3 pages listings at 1,000 keys; the stream goes on page by page. */
    @Test
    void aFolderOfMoreThanOnePageListsCompletely() {
        storage.makeDirectory(StorageKey.parse("many"));
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 1_100; i++) {
                String name = "many/f" + i;
                pool.submit(() -> putDirectly(name, "x"));
            }
        }
        putDirectly("many/sub/g", "y");

        List<String> names = names(storage.list(StorageKey.parse("many")));

        assertThat(names).hasSize(1_101).contains("f0", "f1099", "sub").doesNotHaveDuplicates();
        assertThat(storage.usage(StorageKey.parse("many"))).isEqualTo(1_101);
    }

    @Test
    void theAnnouncedSizePicksAPartSizeThatFitsTenThousandParts() {
        assertThat(S3Upload.partSizeFor(0)).isEqualTo(8 * MIB);
        assertThat(S3Upload.partSizeFor(1L << 30)).isEqualTo(8 * MIB);
        long fiveTebibytes = 5L << 40;
        long part = S3Upload.partSizeFor(fiveTebibytes);
        assertThat(fiveTebibytes / part).isLessThan(S3Upload.MAX_PARTS);
    }

    @Test
    void appendingToALargeObjectCopiesItServerSide() {
        String base = random(6 * MIB);
        String more = random(MIB);
        file(storage, "log", base);

        upload("log", WriteMode.APPEND, 0, more);

        assertThat(read("log", 0)).isEqualTo(base + more);
        assertThat(etag("log")).as("a multipart upload whose first part is the copy").endsWith("-2\"");
    }

    @Test
    void resumingAtAnOffsetKeepsTheFirstBytesOfALargeObject() {
        String base = random(7 * MIB);
        file(storage, "f", base);
        String tail = random(1000);

        upload("f", WriteMode.RESUME, 5 * MIB + 1, tail);

        assertThat(read("f", 0)).isEqualTo(base.substring(0, 5 * MIB + 1) + tail);
    }

    @Test
    void anAbortedMultipartUploadLeavesNoPartsAndThePreviousObject() {
        file(storage, "keep", "old");
        try (Upload upload = storage.write(StorageKey.parse("keep"), WriteMode.REPLACE, 0)) {
            writeAll(upload, random(17 * MIB).getBytes(StandardCharsets.US_ASCII));
            assertThat(openMultipartUploads()).isEqualTo(1);
            upload.abort();
        }
        assertThat(openMultipartUploads()).isZero();
        assertThat(read("keep", 0)).isEqualTo("old");
        assertThat(keys()).as("the upload's marker went with it").containsExactly("keep");
    }

    /** An APPE that loses its If-Match race: 450 over FTP, not "file exists". */
    @Test
    void appendingFailsWhenTheObjectChangedMeanwhile() {
        file(storage, "f", "one");
        Upload append = storage.write(StorageKey.parse("f"), WriteMode.APPEND, 0);
        send(append, "+two");
        file(storage, "f", "other");

        assertThatThrownBy(append::commit).isInstanceOf(Failure.ChangedMeanwhile.class);
        assertThat(read("f", 0)).isEqualTo("other");
    }

    /** A REST+STOR over a large object publishes with CompleteMultipartUpload If-Match. */
    @Test
    void aResumeOfALargeObjectFailsWhenTheObjectChangedMeanwhile() {
        file(storage, "f", random(6 * MIB));
        Upload resume = storage.write(StorageKey.parse("f"), WriteMode.RESUME, 5 * MIB + 7);
        send(resume, "tail");
        file(storage, "f", "other");

        assertThatThrownBy(resume::commit).isInstanceOf(Failure.ChangedMeanwhile.class);
        assertThat(read("f", 0)).isEqualTo("other");
        assertThat(openMultipartUploads()).isZero();
        assertThat(keys()).containsExactly("f");
    }

    @Test
    void appendingFailsWhenTheObjectWasDeletedMeanwhile() {
        file(storage, "f", "one");
        Upload append = storage.write(StorageKey.parse("f"), WriteMode.APPEND, 0);
        send(append, "+two");
        storage.delete(StorageKey.parse("f"));

        assertThatThrownBy(append::commit).isInstanceOf(Failure.ChangedMeanwhile.class);
        assertThat(keys()).isEmpty();
    }

    /** If-None-Match on CompleteMultipartUpload: a create that loses stays "exists". */
    @Test
    void aLargeCreateNewThatLosesItsRaceIsAlreadyExists() {
        Upload first = storage.write(StorageKey.parse("f"), WriteMode.CREATE_NEW, 0);
        Upload second = storage.write(StorageKey.parse("f"), WriteMode.CREATE_NEW, 0);
        String winner = random(9 * MIB);
        send(first, winner);
        send(second, random(9 * MIB + 1));

        first.commit();

        assertThatThrownBy(second::commit).isInstanceOf(Failure.AlreadyExists.class);
        assertThat(read("f", 0)).isEqualTo(winner);
        assertThat(openMultipartUploads()).isZero();
    }

    /** A refusal of the server's own credentials is a configuration problem: 550 over FTP, logged once. */
    @Test
    void aWrongSecretIsStorageDeniedAndLoggedOnceAtError() {
        file(storage, "f", "x");
        S3Storage refused = new S3Storage(server.newClient("wrong-secret"), settings);
        Logger logger = (Logger) LoggerFactory.getLogger(S3Failures.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThatThrownBy(refused::checkReachable).isInstanceOf(Failure.StorageDenied.class);
            assertThatThrownBy(() -> refused.stat(StorageKey.parse("f"))).isInstanceOf(Failure.StorageDenied.class);
            assertThatThrownBy(() -> refused.list(StorageKey.ROOT)).isInstanceOf(Failure.StorageDenied.class);
            assertThatThrownBy(() -> refused.read(StorageKey.parse("f"), 0)).isInstanceOf(Failure.StorageDenied.class);
            assertThatThrownBy(() -> refused.write(StorageKey.parse("g"), WriteMode.CREATE_NEW, 0))
                    .isInstanceOf(Failure.StorageDenied.class);
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR).hasSize(1)
                .first().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains(S3TestServer.BUCKET, "configuration problem");
    }

    @Test
    void foldersMadeByOtherToolsWithoutMarkersAreFolders() {
        putDirectly("made/elsewhere/f.txt", "x");

        assertThat(storage.stat(StorageKey.parse("made")).isDirectory()).isTrue();
        assertThat(names(storage.list(StorageKey.parse("made")))).containsExactly("elsewhere");

        storage.delete(StorageKey.parse("made/elsewhere/f.txt"));
        assertThat(storage.stat(StorageKey.parse("made/elsewhere")).isDirectory())
                .as("a folder keeps existing once its last file is gone, as on a disk").isTrue();
    }

    /** MFMT on a folder without a marker gives it one, which holds the time; its content stays. */
    @Test
    void theTimeOfAFolderWithoutAMarkerGoesIntoANewMarker() {
        putDirectly("made/f.txt", "x");
        Instant modified = Instant.parse("2001-02-03T04:05:06Z");

        storage.setModified(StorageKey.parse("made"), modified);

        assertThat(storage.stat(StorageKey.parse("made")).modified()).isEqualTo(modified);
        assertThat(server.client().headObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + "made/"))
                .metadata()).containsEntry(S3Times.METADATA, Long.toString(modified.toEpochMilli()));
        assertThat(names(storage.list(StorageKey.parse("made")))).containsExactly("f.txt");
        assertThat(read("made/f.txt", 0)).isEqualTo("x");
    }

    /** A home that exists only as a prefix (a user folder with no file yet) is a folder, and files go in. */
    @Test
    void aFolderShownOnlyAsAPrefixTakesUploadsAndKeepsExisting() {
        server.createFolderOnDisk(settings.prefix() + "alice");
        upload("alice/a.txt", WriteMode.CREATE_NEW, 0, "abc");
        assertThat(read("alice/a.txt", 0)).isEqualTo("abc");

        storage.delete(StorageKey.parse("alice/a.txt"));

        assertThat(storage.stat(StorageKey.parse("alice")).isDirectory()).isTrue();
        assertThat(names(storage.list(StorageKey.ROOT))).containsExactly("alice");
    }

    /** S3 allows keys a file tree can't: S3Proxy can't store them, so the listing logic is fed directly. */
    @Test
    void keysAFileTreeCantShowAreHandledWithoutCrashing() {
        ListObjectsV2Response page = ListObjectsV2Response.builder()
                .commonPrefixes(CommonPrefix.builder().prefix("p/x/").build(), CommonPrefix.builder().prefix("p//").build())
                .contents(S3Object.builder().key("p/").size(0L).lastModified(Instant.EPOCH).build(),
                        S3Object.builder().key("p/x").size(3L).lastModified(Instant.EPOCH).build())
                .build();

        List<Entry> entries = S3Listing.entries(page, "p/").toList();

        assertThat(entries).extracting(Entry::name, Entry::kind)
                .containsExactlyInAnyOrder(Tuple.tuple("x", Entry.Kind.DIRECTORY), Tuple.tuple("x", Entry.Kind.FILE));
    }

    @Test
    void aFolderRenameThatFailsHalfWayLeavesEverythingInTheOldPlace() {
        dir(storage, "src");
        for (String name : List.of("a", "b", "c", "d", "e")) {
            file(storage, "src/" + name, name);
        }
        S3Storage failing = new S3Storage(failingOnCall("copyObject", 3), settings);

        assertThatThrownBy(() -> failing.rename(StorageKey.parse("src"), StorageKey.parse("dst")))
                .isInstanceOf(Failure.StorageUnavailable.class);

        assertThat(names(storage.list(StorageKey.parse("src")))).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(read("src/c", 0)).isEqualTo("c");
        assertThatThrownBy(() -> storage.stat(StorageKey.parse("dst"))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void aStoppedServerIsStorageUnavailableNotACrash() {
        S3TestServer own = S3TestServer.startNew();
        S3Storage stopping = new S3Storage(own.newClient(), new S3Settings(S3TestServer.BUCKET, "p",
                Optional.of(own.endpoint()), Optional.of("us-east-1"), true));
        stopping.makeDirectory(StorageKey.parse("d"));
        own.stop();

        assertThatThrownBy(() -> stopping.stat(StorageKey.parse("d"))).isInstanceOf(Failure.StorageUnavailable.class);
        assertThatThrownBy(stopping::checkReachable).isInstanceOf(Failure.StorageUnavailable.class);
    }

    /** The real client, except that the n-th call of one method fails as a broken network would. */
    private S3Client failingOnCall(String method, int n) {
        return InterceptedClient.around(server.client(), method, (number, real) -> {
            if (number == n) {
                throw SdkClientException.create("injected failure");
            }
            return real.proceed();
        });
    }

    private int openMultipartUploads() {
        return server.client().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).uploads().size();
    }

    /** Every key under the prefix, markers and control names included. */
    private List<String> keys() {
        return server.client().listObjectsV2(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).contents().stream()
                .map(object -> object.key().substring(settings.prefix().length())).toList();
    }

    private String etag(String path) {
        return server.client().headObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + path)).eTag();
    }

    /** A key stored by another tool, not through the storage. */
    private void putDirectly(String path, String content) {
        server.client().putObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + path), RequestBody.fromString(content));
    }

    private void upload(String path, WriteMode mode, long offset, String content) {
        try (Upload upload = storage.write(StorageKey.parse(path), mode, offset)) {
            send(upload, content);
            upload.commit();
        }
    }

    private static void send(Upload upload, String content) {
        writeAll(upload, content.getBytes(StandardCharsets.US_ASCII));
    }

    private String read(String path, long offset) {
        return text(storage.read(StorageKey.parse(path), offset));
    }

    private static List<String> names(Stream<Entry> entries) {
        try (entries) {
            return entries.map(Entry::name).toList();
        }
    }

    /** Letters, so that the text fixtures carry them byte for byte. */
    private static String random(int size) {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
