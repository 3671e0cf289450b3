package xxftp.domain.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/** Builds trees through the storage port, as an administrator's files would look to the server. */
public final class StorageFixtures {

    private StorageFixtures() {}

    /** Creates the directory and any missing parent. */
    public static void dir(Storage storage, String path) {
        StorageKey key = StorageKey.ROOT;
        for (String segment : StorageKey.parse(path).segments()) {
            key = key.child(segment);
            try {
                storage.makeDirectory(key);
            } catch (Failure.AlreadyExists exists) {
                // made before: fine
            }
        }
    }

    /** Writes a UTF-8 file, replacing any, after creating its parent directories. */
    public static void file(Storage storage, String path, String text) {
        file(storage, path, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void file(Storage storage, String path, byte[] bytes) {
        StorageKey key = StorageKey.parse(path);
        dir(storage, key.parent().toString());
        try (Upload upload = storage.write(key, WriteMode.REPLACE, 0)) {
            writeAll(upload, bytes);
            upload.commit();
        }
    }

    public static String text(Storage storage, String path) {
        return text(storage.read(StorageKey.parse(path), 0));
    }

    public static String text(ReadableByteChannel channel) {
        return new String(bytes(channel), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(Storage storage, String path) {
        return bytes(storage.read(StorageKey.parse(path), 0));
    }

    /** Everything left in the channel; closes it. */
    public static byte[] bytes(ReadableByteChannel channel) {
        try (InputStream in = Channels.newInputStream(channel)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean exists(Storage storage, String path) {
        try {
            storage.stat(StorageKey.parse(path));
            return true;
        } catch (Failure.NotFound missing) {
            return false;
        }
    }

    public static void writeAll(WritableByteChannel channel, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VirtualPath path(String spelling) {
        return VirtualPath.ROOT.resolve(spelling);
    }

    /** A clock that a test moves by hand, to step past cache and re-measure periods. */
    public static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2024-01-01T00:00:00Z");

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("tests need no zones");
        }
    }
}
