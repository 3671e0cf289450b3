package xxftp.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tree a first {@code xxftp serve} creates: a greeting, anonymous read-only, an incoming drop box. */
final class StarterTree {

    /** 100 MiB for the drop box, so a public default can't fill the disk. */
    static final long INCOMING_LIMIT = 100L * 1024 * 1024;

    private StarterTree() {}

    static void create(Path root) throws IOException {
        Files.createDirectories(root.resolve("anonymous/.xxftp"));
        Files.createDirectories(root.resolve("anonymous-incoming/.xxftp"));
        Files.writeString(root.resolve("xxftp.welcome"), "Welcome to xxftp.\nLog in as anonymous; uploads go to /incoming.\n");
        Files.writeString(root.resolve("xxftp.goodbye"), "Goodbye.\n");
        Files.writeString(root.resolve("anonymous/.xxftp/permission"), "read\n");
        Files.writeString(root.resolve("anonymous/.xxftp/virtual"), "incoming $root/anonymous-incoming read,write\n");
        Files.writeString(root.resolve("anonymous/README.txt"), """
                This is the anonymous area of an xxftp server. It is read-only;
                upload into /incoming (files there can't be replaced or deleted).
                Accounts, passwords, mounts, permissions and quotas are files in the
                served tree: see the .xxftp folders on the server.
                """);
        Files.writeString(root.resolve("anonymous-incoming/.xxftp/size"), INCOMING_LIMIT + "\n");
    }
}
