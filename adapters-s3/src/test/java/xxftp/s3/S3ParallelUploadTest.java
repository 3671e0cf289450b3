package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.bytes;
import static xxftp.domain.testkit.StorageFixtures.file;
import static xxftp.domain.testkit.StorageFixtures.writeAll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Upload;

/** Uploads send several parts at once, in order, within the process's memory budget. */
@Timeout(60)
class S3ParallelUploadTest {

    private static final int PART = S3Upload.FIRST_PART_BYTES;
    private static final int CHUNK = 64 << 10;

    private final S3TestServer server = S3TestServer.get();

    @Test
    void partsGoOutSeveralAtOnceAndArriveInOrder() {
        InterceptedClient.InFlight parts = new InterceptedClient.InFlight();
        // later parts are faster, so they finish before earlier ones
        S3Client slow = InterceptedClient.around(server.client(), "uploadPart",
                (number, real) -> parts.during(real, 50L * (8 - number)));
        S3Transfers transfers = transfers(3, 8L * PART);
        S3Storage storage = storage(slow, transfers);
        byte[] content = random(6 * PART + 1000);

        try (Upload upload = storage.write(StorageKey.parse("f"), WriteMode.CREATE_NEW, 0)) {
            writeAll(upload, content);
            upload.commit();
        }

        assertThat(parts.most()).as("parts at once").isEqualTo(3);
        assertThat(bytes(storage, "f")).isEqualTo(content);
        assertThat(transfers.uploadMemory().available()).isEqualTo(8L * PART);
    }

    /** A spent budget pauses the writer (and so the client's data connection) until a part is stored. */
    @Test
    void theBudgetBoundsThePartsInMemoryAndPausesTheWriter() throws Exception {
        CountDownLatch storeParts = new CountDownLatch(1);
        InterceptedClient.InFlight parts = new InterceptedClient.InFlight();
        S3Client held = InterceptedClient.around(server.client(), "uploadPart", (number, real) -> {
            storeParts.await();
            return parts.during(real, 0);
        });
        S3Transfers transfers = transfers(4, 2L * PART);
        S3Storage storage = storage(held, transfers);
        byte[] content = random(4 * PART + 1000);
        AtomicLong written = new AtomicLong();

        Upload upload = storage.write(StorageKey.parse("f"), WriteMode.CREATE_NEW, 0);
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int at = 0; at < content.length; at += CHUNK) {
                int length = Math.min(CHUNK, content.length - at);
                writeAll(upload, Arrays.copyOfRange(content, at, at + length));
                written.addAndGet(length);
            }
        });
        // on a loaded machine the first part's CreateMultipartUpload and marker may take a while
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((written.get() < 2L * PART || writer.getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);

        assertThat(written.get()).as("two parts filled, the first byte of a third waits").isEqualTo(2L * PART);
        assertThat(writer.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(transfers.uploadMemory().available()).isZero();
        storeParts.countDown();
        writer.join(30_000);
        upload.commit();

        assertThat(written.get()).isEqualTo(content.length);
        assertThat(parts.most()).as("the budget, not the parallelism of 4, bounds the parts at once").isLessThanOrEqualTo(2);
        assertThat(bytes(storage, "f")).isEqualTo(content);
        assertThat(transfers.uploadMemory().available()).isEqualTo(2L * PART);
    }

    @Test
    void aFailedPartAbortsTheUploadFailsItAndGivesTheBudgetBack() {
        S3Client failing = InterceptedClient.around(server.client(), "uploadPart", (number, real) -> {
            if (number == 2) {
                throw SdkClientException.create("injected failure");
            }
            return real.proceed();
        });
        S3Transfers transfers = transfers(2, 4L * PART);
        S3Settings settings = server.freshPrefix(transfers);
        S3Storage storage = new S3Storage(failing, settings);
        file(storage, "f", "old");
        byte[] content = random(5 * PART);

        Upload upload = storage.write(StorageKey.parse("f"), WriteMode.REPLACE, 0);
        assertThatThrownBy(() -> {
            writeAll(upload, content);
            upload.commit();
        }).isInstanceOf(Failure.StorageUnavailable.class).hasMessageContaining("upload part 2");
        upload.close();

        assertThat(new String(bytes(storage, "f"))).isEqualTo("old");
        assertThat(openMultipartUploads(settings)).isZero();
        assertThat(keys(settings)).as("the upload's marker went with it").containsExactly("f");
        assertThat(transfers.uploadMemory().available()).isEqualTo(4L * PART);
    }

    @Test
    void abortedUploadsGiveEveryByteOfTheBudgetBack() throws Exception {
        InterceptedClient.InFlight parts = new InterceptedClient.InFlight();
        S3Client slow = InterceptedClient.around(server.client(), "uploadPart", (number, real) -> parts.during(real, 300));
        S3Transfers transfers = transfers(2, 6L * PART);
        S3Settings settings = server.freshPrefix(transfers);
        S3Storage storage = new S3Storage(slow, settings);
        List<Thread> uploads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "f" + i;
            uploads.add(Thread.ofVirtual().start(() -> {
                Upload upload = storage.write(StorageKey.parse(name), WriteMode.CREATE_NEW, 0);
                byte[] content = random(2 * PART + PART / 2);
                writeAll(upload, content);
                upload.abort();
            }));
        }
        for (Thread upload : uploads) {
            upload.join(30_000);
        }

        assertThat(parts.now()).as("parts still on their way").isZero();
        assertThat(transfers.uploadMemory().available()).isEqualTo(6L * PART);
        assertThat(openMultipartUploads(settings)).isZero();
        assertThat(keys(settings)).isEmpty();
    }

    /** A small file never waits for the budget: its first 64 KiB are outside it. */
    @Test
    void aSmallFileNeedsNoBudget() {
        S3Transfers transfers = transfers(2, PART);
        S3Storage storage = storage(server.client(), transfers);
        assertThat(transfers.uploadMemory().tryTake(PART)).isTrue();

        file(storage, "small", "hello");

        assertThat(new String(bytes(storage, "small"))).isEqualTo("hello");
    }

    @Test
    void aTakeLargerThanTheWholeBudgetWaitsForAllOfIt() throws Exception {
        S3Budget budget = new S3Budget(100);
        budget.take(30);
        AtomicLong taken = new AtomicLong();
        Thread taker = Thread.ofVirtual().start(() -> taken.set(budget.take(1_000)));
        taker.join(200);
        assertThat(taker.isAlive()).isTrue();

        budget.give(30);
        taker.join(5_000);

        assertThat(taken.get()).isEqualTo(100);
        assertThat(budget.available()).isZero();
        assertThatThrownBy(() -> budget.give(101)).isInstanceOf(IllegalStateException.class);
    }

    private static S3Transfers transfers(int parallelism, long uploadMemory) {
        return new S3Transfers(parallelism, uploadMemory, 1, S3Transfers.MIN_MEMORY_BYTES, S3Transfers.DOWNLOAD_PART_BYTES,
                S3Transfers.defaultNode());
    }

    private S3Storage storage(S3Client client, S3Transfers transfers) {
        return new S3Storage(client, server.freshPrefix(transfers));
    }

    private int openMultipartUploads(S3Settings settings) {
        return server.client().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).uploads().size();
    }

    private List<String> keys(S3Settings settings) {
        return server.client().listObjectsV2(r -> r.bucket(settings.bucket()).prefix(settings.prefix())).contents().stream()
                .map(object -> object.key().substring(settings.prefix().length())).toList();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
