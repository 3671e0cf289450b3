package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
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
    void aLongUploadBecomesEightMebibyteParts() throws IOException {
        byte[] content = random(20 * MIB + 123);
        upload("big", WriteMode.REPLACE, 0, content);

        String etag = server.client().headObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + "big")).eTag();
        assertThat(etag).endsWith("-3\"");
        assertThat(read("big", 0)).isEqualTo(content);
        assertThat(read("big", 17 * MIB)).isEqualTo(Arrays.copyOfRange(content, 17 * MIB, content.length));
    }

    /** S3 pages listings at 1,000 keys; the stream goes on page by page. */
    @Test
    void aFolderOfMoreThanOnePageListsCompletely() throws Exception {
        storage.makeDirectory(StorageKey.parse("many"));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 1_100; i++) {
                String key = settings.prefix() + "many/f" + i;
                pool.submit(() -> server.client().putObject(r -> r.bucket(settings.bucket()).key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("x")));
            }
        }
        server.client().putObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + "many/sub/g"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("y"));

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
    void appendingToALargeObjectCopiesItServerSide() throws IOException {
        byte[] base = random(6 * MIB);
        byte[] more = random(MIB);
        upload("log", WriteMode.REPLACE, 0, base);

        upload("log", WriteMode.APPEND, 0, more);

        byte[] both = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, both, base.length, more.length);
        assertThat(read("log", 0)).isEqualTo(both);
        String etag = server.client().headObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + "log")).eTag();
        assertThat(etag).as("a multipart upload whose first part is the copy").endsWith("-2\"");
    }

    @Test
    void resumingAtAnOffsetKeepsTheFirstBytesOfALargeObject() throws IOException {
        byte[] base = random(7 * MIB);
        upload("f", WriteMode.REPLACE, 0, base);
        byte[] tail = random(1000);

        upload("f", WriteMode.RESUME, 5 * MIB + 1, tail);

        byte[] expected = Arrays.copyOf(base, 5 * MIB + 1 + tail.length);
        System.arraycopy(tail, 0, expected, 5 * MIB + 1, tail.length);
        assertThat(read("f", 0)).isEqualTo(expected);
    }

    @Test
    void anAbortedMultipartUploadLeavesNoPartsAndThePreviousObject() throws IOException {
        upload("keep", WriteMode.REPLACE, 0, "old".getBytes());
        try (Upload upload = storage.write(StorageKey.parse("keep"), WriteMode.REPLACE, 0)) {
            upload.write(ByteBuffer.wrap(random(17 * MIB)));
            assertThat(openMultipartUploads()).isEqualTo(1);
            upload.abort();
        }
        assertThat(openMultipartUploads()).isZero();
        assertThat(read("keep", 0)).isEqualTo("old".getBytes());
    }

    @Test
    void appendingFailsWhenTheObjectChangedMeanwhile() throws IOException {
        upload("f", WriteMode.REPLACE, 0, "one".getBytes());
        Upload append = storage.write(StorageKey.parse("f"), WriteMode.APPEND, 0);
        append.write(ByteBuffer.wrap("+two".getBytes()));
        upload("f", WriteMode.REPLACE, 0, "other".getBytes());

        assertThatThrownBy(append::commit).isInstanceOf(Failure.AlreadyExists.class);
        assertThat(read("f", 0)).isEqualTo("other".getBytes());
    }

    @Test
    void foldersMadeByOtherToolsWithoutMarkersAreFolders() {
        server.client().putObject(r -> r.bucket(settings.bucket()).key(settings.prefix() + "made/elsewhere/f.txt"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("x"));

        assertThat(storage.stat(StorageKey.parse("made")).isDirectory()).isTrue();
        assertThat(names(storage.list(StorageKey.parse("made")))).containsExactly("elsewhere");

        storage.delete(StorageKey.parse("made/elsewhere/f.txt"));
        assertThat(storage.stat(StorageKey.parse("made/elsewhere")).isDirectory())
                .as("a folder keeps existing once its last file is gone, as on a disk").isTrue();
    }

    /** S3 allows keys a file tree can't: S3Proxy can't store them, so the listing logic is fed directly. */
    @Test
    void keysAFileTreeCantShowAreHandledWithoutCrashing() {
        ListObjectsV2Response page = ListObjectsV2Response.builder()
                .commonPrefixes(CommonPrefix.builder().prefix("p/x/").build(), CommonPrefix.builder().prefix("p//").build())
                .contents(S3Object.builder().key("p/").size(0L).lastModified(Instant.EPOCH).build(),
                        S3Object.builder().key("p/x").size(3L).lastModified(Instant.EPOCH).build())
                .build();

        List<Entry> entries = S3Storage.entries(page, "p/").toList();

        assertThat(entries).extracting(Entry::name, Entry::kind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("x", Entry.Kind.DIRECTORY),
                        org.assertj.core.groups.Tuple.tuple("x", Entry.Kind.FILE));
    }

    @Test
    void aFolderRenameThatFailsHalfWayLeavesEverythingInTheOldPlace() throws IOException {
        storage.makeDirectory(StorageKey.parse("src"));
        for (String name : List.of("a", "b", "c", "d", "e")) {
            upload("src/" + name, WriteMode.REPLACE, 0, name.getBytes());
        }
        S3Storage failing = new S3Storage(failingOnCall("copyObject", 3), settings);

        assertThatThrownBy(() -> failing.rename(StorageKey.parse("src"), StorageKey.parse("dst")))
                .isInstanceOf(Failure.StorageUnavailable.class);

        assertThat(names(storage.list(StorageKey.parse("src")))).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(read("src/c", 0)).isEqualTo("c".getBytes());
        assertThatThrownBy(() -> storage.stat(StorageKey.parse("dst"))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void aStoppedServerIsStorageUnavailableNotACrash() {
        S3TestServer own = S3TestServer.startNew();
        S3Storage stopping = new S3Storage(own.newClient(), new S3Settings(S3TestServer.BUCKET, "p",
                java.util.Optional.of(own.endpoint()), java.util.Optional.of("us-east-1"), true));
        stopping.makeDirectory(StorageKey.parse("d"));
        own.stop();

        assertThatThrownBy(() -> stopping.stat(StorageKey.parse("d"))).isInstanceOf(Failure.StorageUnavailable.class);
        assertThatThrownBy(stopping::checkReachable).isInstanceOf(Failure.StorageUnavailable.class);
    }

    /** The real client, except that the n-th call of one method fails as a broken network would. */
    private S3Client failingOnCall(String method, int n) {
        S3Client real = server.client();
        AtomicInteger calls = new AtomicInteger();
        InvocationHandler handler = (proxy, called, args) -> {
            if (called.getName().equals(method) && calls.incrementAndGet() == n) {
                throw SdkClientException.create("injected failure");
            }
            try {
                return called.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, handler);
    }

    private int openMultipartUploads() {
        return server.client().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).uploads().size();
    }

    private void upload(String path, WriteMode mode, long offset, byte[] content) throws IOException {
        try (Upload upload = storage.write(StorageKey.parse(path), mode, offset)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                upload.write(bytes);
            }
            upload.commit();
        }
    }

    private byte[] read(String path, long offset) throws IOException {
        try (ReadableByteChannel channel = storage.read(StorageKey.parse(path), offset)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toByteArray();
        }
    }

    private static List<String> names(Stream<Entry> entries) {
        try (entries) {
            return entries.map(Entry::name).toList();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
