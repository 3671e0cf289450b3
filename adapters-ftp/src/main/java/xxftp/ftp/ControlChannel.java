package xxftp.ftp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The control connection's text: bounded command lines in, replies out. */
final class ControlChannel {

    /** RFC 959 sets no limit; paths of 4096 bytes plus a verb fit, and garbage can't grow the heap. */
    static final int MAX_LINE_BYTES = 8192;

    private static final int IAC = 255;
    private static final int WILL = 251;
    private static final int DONT = 254;

    /** Why a line could not be read. */
    sealed interface Line {
        record Text(String text) implements Line {}
        record TooLong() implements Line {}
        record NotUtf8() implements Line {}
    }

    private final InputStream in;
    private final OutputStream out;

    ControlChannel(Socket socket) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * The next line without its CRLF (a bare LF ends a line too), with Telnet IAC sequences
     * removed (clients send IAC IP IAC DM before ABOR). Empty at end of stream.
     */
    Optional<Line> readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        boolean tooLong = false;
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
                if (command == IAC) {
                    b = IAC;
                } else {
                    if (command >= WILL && command <= DONT) {
                        in.read();
                    }
                    continue;
                }
            }
            if (line.size() >= MAX_LINE_BYTES) {
                tooLong = true;
                break;
            }
            line.write(b);
        }
        if (tooLong) {
            return Optional.of(new Line.TooLong());
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

    void send(Reply reply) throws IOException {
        out.write(reply.format().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
