package xxftp.domain.tree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * Reads the tree's small configuration files (password, virtual, permission, size, messages)
 * through the storage port, keeping each for a short while: every command resolves a path
 * through several of them, and on a bucket each read is a request. An administrator's edit is
 * seen after at most {@code freshFor}.
 */
public final class TreeFiles {

    /** Configuration files are small; anything larger is cut here rather than read whole. */
    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_CACHED = 10_000;

    private record Cached(Optional<String> text, Instant readAt) {}

    private final Clock clock;
    private final Duration freshFor;
    private final ConcurrentHashMap<Location, Cached> cache = new ConcurrentHashMap<>();

    public TreeFiles(Clock clock, Duration freshFor) {
        this.clock = clock;
        this.freshFor = freshFor;
    }

    /** The file's text (UTF-8), or empty when it does not exist or is not a file. */
    public Optional<String> read(Location location) {
        Instant now = clock.instant();
        Cached cached = cache.get(location);
        if (cached != null && cached.readAt().plus(freshFor).isAfter(now)) {
            return cached.text();
        }
        Optional<String> text = readNow(location);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(location, new Cached(text, now));
        return text;
    }

    /** The first line, trimmed, if the file exists and that line is not blank. */
    public Optional<String> firstLine(Location location) {
        return read(location).map(text -> text.lines().findFirst().orElse("").trim()).filter(line -> !line.isEmpty());
    }

    /** Drops a cached copy, after the server itself changed the file. */
    public void forget(Location location) {
        cache.remove(location);
    }

    /**
     * Replaces a control file in one atomic step (a temporary and a rename on disk, one PUT on
     * S3), making its {@code .xxftp} folder when missing: a reader sees the old or the new text.
     */
    public void replace(Location location, String text) {
        Storage storage = location.storage();
        try {
            storage.makeDirectory(location.key().parent());
        } catch (Failure.AlreadyExists exists) {
            // the usual case: the directory has configuration already
        }
        try (Upload upload = storage.write(location.key(), WriteMode.REPLACE, 0)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
            while (bytes.hasRemaining()) {
                upload.write(bytes);
            }
            upload.commit();
        } catch (IOException e) {
            throw new Failure.StorageUnavailable("writing " + location.key(), e);
        }
        forget(location);
    }

    /** The file's text as stored now, past the cache (for tools that must see the latest). */
    public static Optional<String> readNow(Location location) {
        Optional<ReadableByteChannel> file = location.storage().readIfFile(location.key());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (ReadableByteChannel channel = file.get()) {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until full or at the end
            }
            buffer.flip();
            return Optional.of(StandardCharsets.UTF_8.decode(buffer).toString());
        } catch (IOException e) {
            throw new Failure.StorageUnavailable("reading " + location.key(), e);
        }
    }
}
