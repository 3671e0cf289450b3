package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplyWriterTest {

    private static final int ROUNDS = 200;

    /**
     * A stream that takes a write a byte at a time and lets other threads run in between, as a
     * TLS stream does a record at a time: only the writer's own lock keeps a reply whole.
     */
    private static final class Dribbling extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
                Thread.yield();
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void repliesFromTwoThreadsNeverCutIntoEachOther() throws Exception {
        // a transfer's thread answering 226 while the control loop answers STAT (211)
        Reply status = new Reply(211, lines("xxftp status:", " status line ", 12, "End of status"));
        Reply listing = new Reply(213, lines("Status of /:", " entry ", 12, "End of status"));
        Dribbling wire = new Dribbling();
        ReplyWriter writer = new ReplyWriter(wire);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Thread> threads = new ArrayList<>();
        for (Reply reply : List.of(status, listing)) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        writer.send(reply);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        String text = wire.text();
        int statuses = 0;
        int listings = 0;
        for (int at = 0; at < text.length(); ) {
            if (text.startsWith(status.format(), at)) {
                statuses++;
                at += status.format().length();
            } else if (text.startsWith(listing.format(), at)) {
                listings++;
                at += listing.format().length();
            } else {
                throw new AssertionError("a reply was cut into at byte " + at + ": "
                        + text.substring(at, Math.min(text.length(), at + 80)));
            }
        }
        assertThat(statuses).isEqualTo(ROUNDS);
        assertThat(listings).isEqualTo(ROUNDS);
    }

    @Test
    void afterTheSwitchRepliesGoOnlyToTheNewStream() throws IOException {
        ByteArrayOutputStream clear = new ByteArrayOutputStream();
        ByteArrayOutputStream protectedStream = new ByteArrayOutputStream();
        ReplyWriter writer = new ReplyWriter(clear);
        writer.send(Reply.of(234, "AUTH TLS successful; start the handshake."));
        writer.switchTo(protectedStream);
        writer.send(Reply.of(331, "Password required for alice."));

        assertThat(clear.toString(StandardCharsets.UTF_8)).isEqualTo("234 AUTH TLS successful; start the handshake.\r\n");
        assertThat(protectedStream.toString(StandardCharsets.UTF_8)).isEqualTo("331 Password required for alice.\r\n");
    }

    @Test
    void aReplyIsFlushedAsSoonAsItIsSent() throws IOException {
        List<String> flushed = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReplyWriter writer = new ReplyWriter(new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void flush() {
                flushed.add(bytes.toString(StandardCharsets.UTF_8));
            }
        });
        writer.send(Reply.of(150, "Opening BINARY mode data connection for RETR /a."));

        assertThat(flushed).containsExactly("150 Opening BINARY mode data connection for RETR /a.\r\n");
    }

    private static List<String> lines(String first, String inner, int count, String last) {
        List<String> lines = new ArrayList<>();
        lines.add(first);
        IntStream.range(0, count).forEach(i -> lines.add(inner + i));
        lines.add(last);
        return lines;
    }
}
