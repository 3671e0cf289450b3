package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlChannelTest {

    private static final int IAC = 255;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NOOP\\r\\n                 | NOOP",
            "NOOP\\n                    | NOOP",
            "USER a\\r\\nPASS b\\r\\n   | USER a/PASS b",
            "USER a\\nPASS b\\n         | USER a/PASS b",
            "a\\rb\\r\\n                | a\\rb",
            "\\r\\n                     | ''",
            "\\n\\n                     | /",
            "NOOP\\r\\r\\n              | NOOP\\r",
            "CWD grüße\\r\\n            | CWD grüße"})
    void linesEndInCrlfOrABareLf(String sent, String lines) throws IOException {
        List<String> expected = List.of(unescape(lines).split("/", -1));
        assertThat(texts(bytes(unescape(sent)))).isEqualTo(expected);
    }

    @Test
    void aLineWithoutItsEndAtTheEndOfTheStreamIsDropped() throws IOException {
        ControlChannel channel = channel(bytes("NOOP\r\nQUIT"));
        assertThat(channel.readLine()).contains(new ControlChannel.Line.Text("NOOP"));
        assertThat(channel.readLine()).isEmpty();
        assertThat(channel(new byte[0]).readLine()).isEmpty();
    }

    @Test
    void telnetInterruptAndSynchBeforeAborAreRemoved() throws IOException {
        // RFC 959 4.1.3: IAC IP, then IAC DM as urgent data, then ABOR
        assertThat(texts(concat(new byte[] {(byte) IAC, (byte) 244, (byte) IAC, (byte) 242}, bytes("ABOR\r\n"))))
                .containsExactly("ABOR");
    }

    @Test
    void telnetOptionNegotiationTakesItsOptionByteWithIt() throws IOException {
        // RFC 854: IAC WILL/WONT/DO/DONT <option>
        for (int verb = 251; verb <= 254; verb++) {
            byte[] sent = concat(bytes("NO"), new byte[] {(byte) IAC, (byte) verb, 'X'}, bytes("OP\r\n"));
            assertThat(texts(sent)).as("verb %d", verb).containsExactly("NOOP");
        }
    }

    @Test
    void aDoubledIacIsOneByte255() throws IOException {
        // 255 alone is no UTF-8, so the line is refused as such rather than read without it
        assertThat(channel(concat(bytes("CWD a"), new byte[] {(byte) IAC, (byte) IAC}, bytes("b\r\n"))).readLine())
                .contains(new ControlChannel.Line.NotUtf8());
    }

    @Test
    void anIacAtTheEndOfTheStreamEndsIt() throws IOException {
        assertThat(channel(concat(bytes("NOOP"), new byte[] {(byte) IAC})).readLine()).isEmpty();
    }

    @Test
    void aLineOfTheLimitIsReadAndOneByteMoreIsTooLong() throws IOException {
        String longest = "x".repeat(ControlChannel.MAX_LINE_BYTES);
        assertThat(texts(bytes(longest + "\n"))).containsExactly(longest);

        ControlChannel channel = channel(bytes(longest + "y\r\nNOOP\r\n"));
        assertThat(channel.readLine()).contains(new ControlChannel.Line.TooLong());
    }

    @Test
    void theLimitCountsTheCrBeforeTheLf() throws IOException {
        assertThat(channel(bytes("x".repeat(ControlChannel.MAX_LINE_BYTES) + "\r\n")).readLine())
                .contains(new ControlChannel.Line.TooLong());
    }

    @Test
    void aLineThatIsNotUtf8IsRefusedAndTheNextOneIsRead() throws IOException {
        byte[] sent = concat(bytes("CWD "), new byte[] {(byte) 0xC3, (byte) 0x28}, bytes("\r\nNOOP\r\n"));
        ControlChannel channel = channel(sent);
        assertThat(channel.readLine()).contains(new ControlChannel.Line.NotUtf8());
        assertThat(channel.readLine()).contains(new ControlChannel.Line.Text("NOOP"));
        assertThat(channel.readLine()).isEmpty();
    }

    @Test
    void linesSplitAcrossReadsOfAnySizeComeOutWholeAndNoReadAsksForMoreThanTheReadAhead() throws IOException {
        String sent = "USER a\r\n" + "CWD " + "d".repeat(300) + "\r\nNOOP\r\n";
        for (int chunk : new int[] {1, 2, 7, 128, 4096}) {
            Trickle trickle = new Trickle(bytes(sent), chunk);
            ControlChannel channel = new ControlChannel(trickle);
            List<String> lines = new ArrayList<>();
            for (Optional<ControlChannel.Line> line; (line = channel.readLine()).isPresent(); ) {
                lines.add(((ControlChannel.Line.Text) line.get()).text());
            }
            assertThat(lines).as("chunk %d", chunk).containsExactly("USER a", "CWD " + "d".repeat(300), "NOOP");
            // what an idle session holds while it waits for a command
            assertThat(trickle.largestAsk).as("chunk %d", chunk).isEqualTo(128);
        }
    }

    /** At most {@code chunk} bytes a read, as a network delivers them; remembers the largest read asked for. */
    private static final class Trickle extends java.io.InputStream {
        private final ByteArrayInputStream bytes;
        private final int chunk;
        int largestAsk;

        Trickle(byte[] bytes, int chunk) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            largestAsk = Math.max(largestAsk, length);
            return bytes.read(buffer, offset, Math.min(length, chunk));
        }
    }

    @Test
    void anOverlongUtf8EncodingIsNotUtf8() throws IOException {
        // 0xC0 0xAF is "/" encoded in two bytes, which UTF-8 forbids
        assertThat(channel(concat(bytes("CWD .."), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\n"))).readLine())
                .contains(new ControlChannel.Line.NotUtf8());
    }

    /** Every line's text until the end of the stream. */
    private static List<String> texts(byte[] sent) throws IOException {
        ControlChannel channel = channel(sent);
        List<String> texts = new ArrayList<>();
        for (Optional<ControlChannel.Line> line = channel.readLine(); line.isPresent(); line = channel.readLine()) {
            texts.add(((ControlChannel.Line.Text) line.get()).text());
        }
        return texts;
    }

    private static ControlChannel channel(byte[] sent) {
        return new ControlChannel(new ByteArrayInputStream(sent));
    }

    private static String unescape(String escaped) {
        return escaped.replace("\\r", "\r").replace("\\n", "\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
