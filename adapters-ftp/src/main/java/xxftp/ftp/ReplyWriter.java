package xxftp.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one writer of a session's replies (STYLE.md habit 14): the control loop, a transfer's
 * thread and the idle timeout all send through it, and a reply is written whole before the
 * next one starts, so a STAT answered during a transfer can't be cut into by the transfer's
 * 226.
 */
final class ReplyWriter {

    private OutputStream out;

    /** Writes to {@code out} until {@link #switchTo}; a null stream drops replies sent before a connection exists. */
    ReplyWriter(OutputStream out) {
        this.out = out;
    }

    synchronized void send(Reply reply) throws IOException {
        out.write(reply.format().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** From the next reply on, replies go to this stream (the control connection once TLS protects it). */
    synchronized void switchTo(OutputStream protectedOut) {
        out = protectedOut;
    }
}
