package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xxftp.domain.testkit.StorageFixtures.bytes;
import static xxftp.domain.testkit.StorageFixtures.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;

/** Large objects come from several ranged GETs at once, in order, within the download budget. */
@Timeout(60)
class S3ReadAheadTest {

    /** Small parts, so that a 3 MiB object has a dozen. */
    private static final int PART = 256 << 10;
    private static final long BUDGET = S3Transfers.MIN_MEMORY_BYTES;

    private final S3TestServer server = S3TestServer.get();
    private final InterceptedClient.InFlight gets = new InterceptedClient.InFlight();
    private final byte[] content = random(12 * PART + 123);

    @Test
    void aLargeObjectComesInOrderFromSeveralGetsAtOnce() {
        S3Transfers transfers = transfers(3);
        S3Storage storage = storage(slowGets(100), transfers);

        assertThat(bytes(storage, "big")).isEqualTo(content);

        assertThat(gets.most()).as("GETs at once").isEqualTo(3);
        assertThat(transfers.downloadMemory().available()).isEqualTo(BUDGET);
    }

    /** REST: the parts start at the offset. */
    @Test
    void aReadFromAnOffsetIsReadAheadFromThere() {
        S3Storage storage = storage(slowGets(0), transfers(4));
        long offset = 3 * PART + 7;

        byte[] read = bytes(storage.read(StorageKey.parse("big"), offset));

        assertThat(read).isEqualTo(Arrays.copyOfRange(content, (int) offset, content.length));
        assertThat(gets.most()).isGreaterThan(1);
    }

    @Test
    void anObjectUpToTwoPartsIsOneGet() {
        S3Storage storage = storage(slowGets(0), transfers(4));
        byte[] small = Arrays.copyOf(content, 2 * PART);
        file(storage, "small", small);

        assertThat(bytes(storage, "small")).isEqualTo(small);
        assertThat(gets.calls()).isEqualTo(1);
    }

    /** With no room in the budget, each part is read straight from its own GET: slower, never stuck. */
    @Test
    void aSpentBudgetReadsPartByPartWithoutBuffers() {
        S3Transfers transfers = transfers(4);
        S3Storage storage = storage(slowGets(0), transfers);
        assertThat(transfers.downloadMemory().tryTake(BUDGET)).isTrue();

        assertThat(bytes(storage, "big")).isEqualTo(content);

        assertThat(gets.most()).isEqualTo(1);
        assertThat(gets.calls()).as("one GET per part").isEqualTo(13);
    }

    @Test
    void closingEarlyAbortsThePartsOnTheirWayAndGivesTheirBudgetBack() throws Exception {
        S3Transfers transfers = transfers(4);
        S3Storage storage = storage(slowGets(300), transfers);
        ReadableByteChannel channel = storage.read(StorageKey.parse("big"), 0);
        assertThat(channel.read(ByteBuffer.allocate(1000))).isEqualTo(1000);
        assertThat(transfers.downloadMemory().available()).as("three parts ahead").isEqualTo(BUDGET - 3 * PART);

        channel.close();

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (transfers.downloadMemory().available() < BUDGET && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(transfers.downloadMemory().available()).isEqualTo(BUDGET);
        assertThat(gets.now()).isZero();
        assertThat(gets.calls()).as("no GET after the close").isEqualTo(4);
        assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(1))).isInstanceOf(IOException.class);
    }

    /** Each later GET asks If-Match the first one's ETag: a replaced object fails, it never mixes versions. */
    @Test
    void anObjectReplacedDuringTheDownloadFailsIt() throws Exception {
        S3Storage storage = storage(slowGets(0), transfers(2));
        ReadableByteChannel channel = storage.read(StorageKey.parse("big"), 0);
        ByteBuffer first = ByteBuffer.allocate(PART);
        while (first.hasRemaining()) {
            channel.read(first);
        }
        file(storage, "big", random(12 * PART + 1));

        assertThatThrownBy(() -> bytes(channel)).isInstanceOf(Failure.ChangedMeanwhile.class);
    }

    private S3Client slowGets(long pauseMillis) {
        return InterceptedClient.around(server.client(), "getObject", (number, real) -> gets.during(real, pauseMillis));
    }

    private static S3Transfers transfers(int parallelism) {
        return new S3Transfers(1, S3Transfers.MIN_MEMORY_BYTES, parallelism, BUDGET, PART, S3Transfers.defaultNode());
    }

    /** A storage whose GETs go through the client, holding the large object (written around it). */
    private S3Storage storage(S3Client client, S3Transfers transfers) {
        S3Settings settings = server.freshPrefix(transfers);
        file(new S3Storage(server.client(), settings), "big", content);
        return new S3Storage(client, settings);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
