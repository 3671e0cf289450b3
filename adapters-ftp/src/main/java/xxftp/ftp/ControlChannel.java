package xxftp.ftp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The control connection's incoming text: bounded command lines (replies go out through {@link ReplyWriter}). */
final class ControlChannel {

    /**
     * The bytes a line may have before its LF, a CR included. RFC 959 sets no limit; paths of
     * 4096 bytes plus a verb fit, and garbage can't grow the heap.
     */
    static final int MAX_LINE_BYTES = 8192;

    private static final int IAC = 255;
    private static final int WILL = 251;
    private static final int DONT = 254;

    /** A line as read: its text, or why it has none. */
    sealed interface Line {
        record Text(String text) implements Line {}
        record TooLong() implements Line {}
        record NotUtf8() implements Line {}
    }

    private final InputStream in;

    ControlChannel(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /**
     * The next line without its CRLF (a bare LF ends a line too), with Telnet IAC sequences
     * removed (clients send IAC IP IAC DM before ABOR, RFC 959 4.1.3). Empty at end of stream.
     */
    Optional<Line> readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            if (b == '\n') {
                break;
            }
            if (b == IAC) {
                int command = in.read();
                if (command != IAC) {
                    // RFC 854: WILL, WONT, DO and DONT carry an option byte; other commands stand alone
                    if (command >= WILL && command <= DONT) {
                        in.read();
                    }
                    continue;
                }
                // IAC IAC is a data byte 255
            }
            if (line.size() >= MAX_LINE_BYTES) {
                return Optional.of(new Line.TooLong());
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            return Optional.of(new Line.Text(text));
        } catch (CharacterCodingException e) {
            return Optional.of(new Line.NotUtf8());
        }
    }
}
