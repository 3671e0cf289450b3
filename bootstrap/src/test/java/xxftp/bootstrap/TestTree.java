package xxftp.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;
import xxftp.domain.tree.PasswordHash;

/**
 * Writes and reads an xxftp tree (XXFTP-TREE.md) for a test, through the storage port, so the
 * same test works on a local disk and in a bucket. Tests that need the disk itself (links,
 * file times) ask for {@link #root()}, which skips them on other backends.
 */
public final class TestTree {

    private final Storage storage;
    private final Optional<Path> localRoot;

    TestTree(Storage storage, Optional<Path> localRoot) {
        this.storage = storage;
        this.localRoot = localRoot;
    }

    /** The tree's folder on disk; skips the calling test when the tree is in a bucket. */
    public Path root() {
        Assumptions.assumeTrue(localRoot.isPresent(), "needs the local-disk backend");
        return localRoot.get();
    }

    /** A path on disk (see {@link #root()}). */
    public Path path(String relative) {
        return root().resolve(relative);
    }

    public Storage storage() {
        return storage;
    }

    public boolean isLocal() {
        return localRoot.isPresent();
    }

    /** A user folder (the user exists, with no password). */
    public TestTree user(String name) {
        return dir(name);
    }

    /** A user with the original format's MD5 password file. */
    public TestTree userWithMd5(String name, String password) {
        return user(name).file(name + "/.xxftp/password", PasswordHash.legacyMd5(password) + "\n");
    }

    /** A user with a salted PBKDF2 password file, as ./xxftp passwd writes it. */
    public TestTree userWithHash(String name, String password) {
        return user(name).file(name + "/.xxftp/password", PasswordHash.create(password) + "\n");
    }

    public TestTree permission(String home, String rights) {
        return file(home + "/.xxftp/permission", rights + "\n");
    }

    /** A .xxftp/virtual file in a directory, one mount per line. */
    public TestTree virtual(String directory, String... lines) {
        return file(directory + "/.xxftp/virtual", String.join("\n", lines) + "\n");
    }

    public TestTree size(String directory, long limit) {
        return file(directory + "/.xxftp/size", limit + "\n");
    }

    /** A directory and any missing parents. */
    public TestTree dir(String relative) {
        StorageKey key = StorageKey.ROOT;
        for (String segment : StorageKey.parse(relative).segments()) {
            key = key.child(segment);
            try {
                storage.makeDirectory(key);
            } catch (Failure.AlreadyExists exists) {
                // made by an earlier call
            }
        }
        return this;
    }

    public TestTree file(String relative, String content) {
        return file(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A file with that content, replacing any, its folders made as needed. */
    public TestTree file(String relative, byte[] content) {
        StorageKey key = StorageKey.parse(relative);
        dir(key.parent().toString());
        try (Upload upload = storage.write(key, WriteMode.REPLACE, 0)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                upload.write(bytes);
            }
            upload.commit();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    public byte[] bytes(String relative) {
        try (ReadableByteChannel channel = storage.read(StorageKey.parse(relative), 0)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        try {
            storage.stat(StorageKey.parse(relative));
            return true;
        } catch (Failure.NotFound missing) {
            return false;
        }
    }
}
