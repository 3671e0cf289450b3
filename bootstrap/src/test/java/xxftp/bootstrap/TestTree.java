package xxftp.bootstrap;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import xxftp.domain.port.Storage;
import xxftp.domain.testkit.StorageFixtures;
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

    /**
     * The tree a server process serves (see {@link ServerProcess#storageFlags}): the local folder,
     * or, with a bucket, that prefix of the test bucket.
     */
    static TestTree of(Path localRoot, xxftp.s3.S3Settings bucket) {
        StorageModule storage = bucket == null
                ? new StorageModule(new StorageOptions.Local(localRoot, new StorageOptions.S3Access(Optional.empty(), Optional.empty(), false)))
                : new StorageModule(new StorageOptions.S3(bucket, new StorageOptions.S3Access(
                        Optional.of(xxftp.s3.S3TestServer.get().endpoint()), Optional.of("us-east-1"), true)),
                        settings -> xxftp.s3.S3TestServer.get().client());
        return new TestTree(com.google.inject.Guice.createInjector(storage).getInstance(Storage.class),
                bucket == null ? Optional.of(localRoot) : Optional.empty());
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
        StorageFixtures.dir(storage, relative);
        return this;
    }

    public TestTree file(String relative, String content) {
        StorageFixtures.file(storage, relative, content);
        return this;
    }

    /** A file with that content, replacing any, its folders made as needed. */
    public TestTree file(String relative, byte[] content) {
        StorageFixtures.file(storage, relative, content);
        return this;
    }

    public String read(String relative) {
        return StorageFixtures.text(storage, relative);
    }

    public byte[] bytes(String relative) {
        return StorageFixtures.bytes(storage, relative);
    }

    public boolean exists(String relative) {
        return StorageFixtures.exists(storage, relative);
    }
}
