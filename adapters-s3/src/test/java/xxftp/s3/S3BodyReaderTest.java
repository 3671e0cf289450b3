package xxftp.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A body read into direct buffers arrives whole, through one array, not one per read. */
class S3BodyReaderTest {

    private static final int RECORD = 16 * 1024;
    private static final int BODY = 8 << 20;

    private final byte[] content = new byte[BODY];

    S3BodyReaderTest() {
        new Random(7).nextBytes(content);
    }

    @Test
    void aDirectBufferFillsThroughOneArrayForTheWholeBody() throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        ByteArrayOutputStream received = new ByteArrayOutputStream(BODY);
        byte[] drained = new byte[buffer.capacity()];
        S3BodyReader reader = new S3BodyReader();
        InputStream body = new TlsRecords(content);

        long before = threads.getCurrentThreadAllocatedBytes();
        int read;
        while ((read = reader.read(body, buffer.clear(), buffer.remaining())) >= 0) {
            buffer.flip().get(drained, 0, read);
            received.write(drained, 0, read);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(received.toByteArray()).isEqualTo(content);
        // 512 reads: a fresh 64 KiB array for each would be 32 MiB
        assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
    }

    @Test
    void aHeapBufferIsFilledInPlaceAndNoMoreThanAsked() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(100).position(10);

        int read = new S3BodyReader().read(new TlsRecords(content), buffer, 30);

        assertThat(read).isEqualTo(30);
        assertThat(buffer.position()).isEqualTo(40);
        assertThat(Arrays.copyOfRange(buffer.array(), 10, 40)).isEqualTo(Arrays.copyOf(content, 30));
    }

    /** Hands out at most one TLS record's worth a read, as the SDK's body over TLS does. */
    private static final class TlsRecords extends ByteArrayInputStream {
        TlsRecords(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] into, int offset, int length) {
            return super.read(into, offset, Math.min(length, RECORD));
        }
    }
}
