package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.net.ftp.FTPClient;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;

/** Transfers and checks shared by the command and tree-rule ITs (LoginIT, CommandsIT, TreeRulesIT). */
final class FtpTestSupport {

    private FtpTestSupport() {}

    /** Deterministic pseudo-random bytes, so a mix-up of two uploads can't go unnoticed. */
    static byte[] bytes(int count, long seed) {
        byte[] data = new byte[count];
        new Random(seed).nextBytes(data);
        return data;
    }

    /**
     * STOR (or APPE) through Commons Net, returning the final reply code. Unlike
     * {@code storeFile}, a server that refuses mid-transfer (552) and closes the data connection
     * while the client still writes yields that reply instead of an exception.
     */
    static int upload(FTPClient ftp, String name, byte[] data, boolean append) throws IOException {
        OutputStream out = append ? ftp.appendFileStream(name) : ftp.storeFileStream(name);
        if (out == null) {
            // refused before the data connection: the reply is final already
            return ftp.getReplyCode();
        }
        try {
            out.write(data);
        } catch (IOException serverClosedTheDataConnection) {
            // the reply on the control connection says why
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // as above
        }
        ftp.completePendingCommand();
        return ftp.getReplyCode();
    }

    static int store(FTPClient ftp, String name, byte[] data) throws IOException {
        return upload(ftp, name, data, false);
    }

    static int append(FTPClient ftp, String name, byte[] data) throws IOException {
        return upload(ftp, name, data, true);
    }

    /** RETR that must succeed with 226; the bytes received. */
    static byte[] retrieve(FTPClient ftp, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean done = ftp.retrieveFile(name, out);
        assertThat(ftp.getReplyCode()).as("RETR %s: %s", name, ftp.getReplyString()).isEqualTo(226);
        assertThat(done).isTrue();
        return out.toByteArray();
    }

    /** A command's reply code, through Commons Net's plain {@code sendCommand}. */
    static int send(FTPClient ftp, String verb, String argument) throws IOException {
        return ftp.sendCommand(verb, argument);
    }

    /** Names stored in a directory of the tree (any backend), for "nothing else was left behind" checks. */
    static List<String> stored(TestTree tree, String directory) {
        try (Stream<Entry> children = tree.storage().list(StorageKey.parse(directory))) {
            return children.map(Entry::name).sorted().toList();
        }
    }

    static boolean isDirectory(TestTree tree, String relative) {
        try {
            return tree.storage().stat(StorageKey.parse(relative)).isDirectory();
        } catch (Failure.NotFound missing) {
            return false;
        }
    }

    /** Sets a file's time through the storage port (a disk's mtime, an S3 object's metadata). */
    static void setModified(TestTree tree, String relative, Instant modified) {
        tree.storage().setModified(StorageKey.parse(relative), modified);
    }

    /**
     * An active-mode data transfer over a raw control connection: a listener on the loopback
     * address, the given PORT/EPRT command for it, then the transfer command. Returns the bytes
     * received (for RETR/LIST) after checking the 150 and the final 226.
     */
    static byte[] activeDownload(RawFtp raw, String portCommandFormat, String transferCommand) throws IOException {
        try (ServerSocket listener = announceActive(raw, portCommandFormat, transferCommand)) {
            byte[] received;
            try (Socket data = listener.accept(); InputStream in = data.getInputStream()) {
                received = in.readAllBytes();
            }
            RawFtp.Reply done = raw.read();
            assertThat(done.code()).as(done.text()).isEqualTo(226);
            return received;
        }
    }

    /** Like {@link #activeDownload}, sending {@code data} for a STOR/APPE. */
    static void activeUpload(RawFtp raw, String portCommandFormat, String transferCommand, byte[] data) throws IOException {
        try (ServerSocket listener = announceActive(raw, portCommandFormat, transferCommand)) {
            try (Socket socket = listener.accept(); OutputStream out = socket.getOutputStream()) {
                out.write(data);
            }
            RawFtp.Reply done = raw.read();
            assertThat(done.code()).as(done.text()).isEqualTo(226);
        }
    }

    /** A loopback listener, the PORT/EPRT command naming it (200), then the transfer command (150). */
    private static ServerSocket announceActive(RawFtp raw, String portCommandFormat, String transferCommand) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(10_000);
        RawFtp.Reply port = raw.send(String.format(portCommandFormat, listener.getLocalPort() / 256,
                listener.getLocalPort() % 256, listener.getLocalPort()));
        assertThat(port.code()).as(port.text()).isEqualTo(200);
        RawFtp.Reply opening = raw.send(transferCommand);
        assertThat(opening.code()).as(opening.text()).isEqualTo(150);
        return listener;
    }
}
