package xxftp.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.StorageKey;

/**
 * The tree a first {@code xxftp serve} creates: a greeting, anonymous read-only, and an upload-only
 * drop box ({@code write}, not {@code read,write}: anonymous users can't fetch each other's
 * uploads, as vsftpd's and Pure-FTPd's anti-warez defaults have it).
 */
final class StarterTree {

    /** 100 MiB for the drop box, so a public default can't fill the disk. */
    static final long INCOMING_LIMIT = 100L * 1024 * 1024;

    private StarterTree() {}

    static void create(Path root) throws IOException {
        StorageKey anonymous = StorageKey.ROOT.child("anonymous");
        StorageKey incoming = StorageKey.ROOT.child("anonymous-incoming");
        write(root, StorageKey.ROOT.child(ControlFiles.WELCOME), "Welcome to xxftp.\nLog in as anonymous; uploads go to /incoming.\n");
        write(root, StorageKey.ROOT.child(ControlFiles.GOODBYE), "Goodbye.\n");
        write(root, ControlFiles.in(anonymous, ControlFiles.PERMISSION), "read\n");
        write(root, ControlFiles.in(anonymous, ControlFiles.VIRTUAL), "incoming $root/anonymous-incoming write\n");
        write(root, anonymous.child("README.txt"), """
                This is the anonymous area of an xxftp server. It is read-only;
                upload into /incoming (files there can't be read, replaced or deleted).
                Accounts, passwords, mounts, permissions and quotas are files in the
                served tree: see the .xxftp folders on the server.
                """);
        write(root, ControlFiles.in(incoming, ControlFiles.SIZE), INCOMING_LIMIT + "\n");
    }

    private static void write(Path root, StorageKey key, String text) throws IOException {
        Path file = root.resolve(key.toString());
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
