package xxftp.ftp;

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

    /**
     * Bytes read ahead of the line being parsed. An idle session waits in a read into this, so it is
     * all the buffer a session holds between commands; a command line rarely needs a second read.
     */
    private static final int READ_AHEAD_BYTES = 128;

    private final InputStream in;
    private final byte[] readAhead = new byte[READ_AHEAD_BYTES];
    private int position;
    private int limit;

    ControlChannel(InputStream in) {
        this.in = in;
    }

    /**
     * The next line without its CRLF (a bare LF ends a line too), with Telnet IAC sequences
     * removed (clients send IAC IP IAC DM before ABOR, RFC 959 4.1.3). Empty at end of stream.
     */
    Optional<Line> readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = next();
            if (b < 0) {
                return Optional.empty();
            }
            if (b == '\n') {
                break;
            }
            if (b == IAC) {
                int command = next();
                if (command != IAC) {
                    // RFC 854: WILL, WONT, DO and DONT carry an option byte; other commands stand alone
                    if (command >= WILL && command <= DONT) {
                        next();
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

    /** The next byte, or -1 at end of stream. */
    private int next() throws IOException {
        if (position == limit) {
            int read = in.read(readAhead, 0, readAhead.length);
            if (read <= 0) {
                return -1;
            }
            position = 0;
            limit = read;
        }
        return readAhead[position++] & 0xff;
    }
}
