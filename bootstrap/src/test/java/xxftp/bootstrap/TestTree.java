package xxftp.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import xxftp.domain.PasswordHash;

/** Writes an xxftp tree on disk for a test, in the format of XXFTP-TREE.md. */
public final class TestTree {

    private final Path root;

    TestTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return root.resolve(relative);
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

    public TestTree dir(String relative) {
        try {
            Files.createDirectories(path(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestTree file(String relative, String content) {
        return file(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestTree file(String relative, byte[] content) {
        try {
            Path file = path(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        return Files.exists(path(relative));
    }
}
