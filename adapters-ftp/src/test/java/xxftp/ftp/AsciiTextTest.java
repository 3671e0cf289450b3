package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xxftp.domain.port.Upload;

class AsciiTextTest {

    /** Spellings with \r and \n written out, so a table can hold them. */
    private static byte[] bytes(String escaped) {
        return escaped.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a\\nb\\n          | a\\r\\nb\\r\\n",
            "a\\r\\nb          | a\\r\\nb",
            "\\n\\n            | \\r\\n\\r\\n",
            "a\\rb             | a\\rb",
            "no line end       | no line end",
            "''                | ''"})
    void downloadsTurnBareLfIntoCrlf(String stored, String sent) throws IOException {
        for (int chunk : new int[] {1, 2, 3, 1000}) {
            assertThat(download(bytes(stored), chunk)).as("chunks of %d", chunk).isEqualTo(bytes(sent));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a\\r\\nb\\r\\n    | a\\nb\\n",
            "a\\nb             | a\\nb",
            "a\\rb             | a\\rb",
            "a\\r\\r\\n        | a\\r\\n",
            "ends in cr\\r     | ends in cr\\r",
            "grüße\\r\\n       | grüße\\n",
            "''                | ''"})
    void uploadsStoreCrlfAsLf(String sent, String stored) throws IOException {
        for (int chunk : new int[] {1, 2, 3, 1000}) {
            assertThat(upload(bytes(sent), chunk)).as("chunks of %d", chunk).isEqualTo(bytes(stored));
        }
    }

    /** Reads the converted download with a target buffer of {@code chunk} bytes. */
    private static byte[] download(byte[] stored, int chunk) throws IOException {
        ReadableByteChannel converted = AsciiText.toNetwork(Channels.newChannel(new java.io.ByteArrayInputStream(stored)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(chunk);
        while (converted.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /** Writes the upload in pieces of {@code chunk} bytes, then commits. */
    private static byte[] upload(byte[] sent, int chunk) throws IOException {
        Collecting collecting = new Collecting();
        Upload converted = AsciiText.toStored(collecting);
        for (int at = 0; at < sent.length; at += chunk) {
            converted.write(ByteBuffer.wrap(sent, at, Math.min(chunk, sent.length - at)));
        }
        converted.commit();
        assertThat(collecting.committed).isTrue();
        return collecting.bytes.toByteArray();
    }

    private static final class Collecting implements Upload {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean committed;

        @Override
        public int write(ByteBuffer source) {
            int count = source.remaining();
            byte[] some = new byte[count];
            source.get(some);
            bytes.writeBytes(some);
            return count;
        }

        @Override
        public void commit() {
            committed = true;
        }

        @Override
        public void abort() {}

        @Override
        public long previousSize() {
            return 0;
        }

        @Override
        public boolean isOpen() {
            return !committed;
        }

        @Override
        public void close() {}
    }
}
