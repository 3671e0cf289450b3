package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TicketHoldingSocketTest {

    /** A plain socket that reads from a byte array and writes to another. */
    private static final class MemorySocket extends Socket {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final InputStream received = new ByteArrayInputStream(new byte[64]);

        @Override
        public InputStream getInputStream() {
            return received;
        }

        @Override
        public OutputStream getOutputStream() {
            return sent;
        }
    }

    private static byte[] record(int type, int length) {
        byte[] record = new byte[5 + length];
        record[0] = (byte) type;
        record[1] = 3;
        record[2] = 3;
        record[3] = (byte) (length >> 8);
        record[4] = (byte) length;
        return record;
    }

    @Test
    void aTicketAfterTheHandshakeWaitsForTheServersNextWrite() throws Exception {
        MemorySocket raw = new MemorySocket();
        TicketHoldingSocket socket = new TicketHoldingSocket(raw);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        in.read(new byte[8]); // ClientHello
        out.write(record(22, 10)); // ServerHello
        out.write(record(23, 20)); // encrypted extensions .. Finished: no read between, so they go
        assertThat(raw.sent.size()).isEqualTo(15 + 25);
        in.read(new byte[8]); // the client's Finished
        out.write(record(23, 30)); // NewSessionTicket
        assertThat(raw.sent.size()).as("the ticket is held").isEqualTo(40);

        socket.handshakeReturned();
        byte[] data = record(23, 7);
        out.write(data);
        assertThat(raw.sent.size()).isEqualTo(40 + 35 + 12);
        byte[] sent = raw.sent.toByteArray();
        assertThat(sent[40]).as("the ticket goes first").isEqualTo((byte) 23);
        assertThat(sent[40 + 4]).isEqualTo((byte) 30);
        assertThat(sent[75 + 4]).isEqualTo((byte) 7);
    }

    @Test
    void aHeldTicketGoesOutAtClose() throws Exception {
        MemorySocket raw = new MemorySocket();
        TicketHoldingSocket socket = new TicketHoldingSocket(raw);
        socket.getInputStream().read(new byte[8]);
        socket.getOutputStream().write(record(22, 10));
        socket.getInputStream().read(new byte[8]);
        socket.getOutputStream().write(record(23, 30));
        socket.handshakeReturned();
        assertThat(raw.sent.size()).isEqualTo(15);
        socket.close();
        assertThat(raw.sent.size()).isEqualTo(15 + 35);
    }

    @Test
    void aTls12HandshakeEndsWithAHandshakeRecordAndNothingIsHeld() throws Exception {
        MemorySocket raw = new MemorySocket();
        TicketHoldingSocket socket = new TicketHoldingSocket(raw);
        socket.getInputStream().read(new byte[8]);
        socket.getOutputStream().write(record(22, 40)); // ServerHello, Certificate, ServerHelloDone
        socket.getInputStream().read(new byte[8]); // key exchange, ChangeCipherSpec, Finished
        byte[] last = new byte[6 + 45];
        System.arraycopy(record(20, 1), 0, last, 0, 6);
        System.arraycopy(record(22, 40), 0, last, 6, 45);
        socket.getOutputStream().write(last); // ChangeCipherSpec and Finished
        assertThat(raw.sent.size()).isEqualTo(45 + 51);
    }
}
