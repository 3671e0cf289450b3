package xxftp.domain.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Names;
import xxftp.domain.model.Permission;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Storage;

/**
 * What an administrator does to a tree (the {@code user}, {@code mount} and {@code quota}
 * commands), the same on a disk and in a bucket: it writes only through the storage port, keeps
 * the format of XXFTP-TREE.md, and replaces each control file in one atomic step (a temporary
 * and a rename on disk, one PUT on S3), so a server reading it meanwhile sees the old or the new.
 */
public final class TreeAdmin {

    /** A user as {@code user list} shows it. */
    public record User(String name, boolean hasPassword, Optional<String> permission, OptionalLong limit, long used) {}

    /** A directory's quota as {@code quota show} shows it; no limit when {@code limit} is empty. */
    public record QuotaFigures(StorageKey directory, OptionalLong limit, long used) {
        public OptionalLong free() {
            return limit.isPresent() ? OptionalLong.of(Math.max(0, limit.getAsLong() - used)) : OptionalLong.empty();
        }
    }

    private final Storage root;
    private final TreeFiles files;
    private final TreeAccounts accounts;
    private final TreeNamespace namespace;

    public TreeAdmin(Storage root, TreeFiles files, TreeAccounts accounts, TreeNamespace namespace) {
        this.root = root;
        this.files = files;
        this.accounts = accounts;
        this.namespace = namespace;
    }

    // --- users

    /** Makes a user: its home, and the password, permission and quota given. */
    public void addUser(String name, Optional<String> password, Optional<Set<Permission>> permission, OptionalLong limit) {
        requireUserName(name);
        StorageKey home = StorageKey.ROOT.child(name);
        root.makeDirectory(home);
        permission.ifPresent(rights -> write(ControlFiles.in(home, ControlFiles.PERMISSION), Permission.format(rights) + "\n"));
        limit.ifPresent(bytes -> write(ControlFiles.in(home, ControlFiles.SIZE), bytes + "\n"));
        password.ifPresent(secret -> accounts.setPassword(name, secret));
    }

    public List<User> users() {
        List<User> users = new ArrayList<>();
        try (Stream<Entry> top = root.list(StorageKey.ROOT)) {
            top.filter(Entry::isDirectory).map(Entry::name).filter(TreeAccounts::isUserName)
                    .sorted().forEach(name -> {
                        StorageKey home = StorageKey.ROOT.child(name);
                        users.add(new User(name, exists(ControlFiles.password(name)),
                                firstLine(ControlFiles.in(home, ControlFiles.PERMISSION)), limit(home), root.usage(home)));
                    });
        }
        return users;
    }

    /** Removes a user; a home holding anything but its configuration only {@code withFiles}. */
    public void removeUser(String name, boolean withFiles) {
        requireUserName(name);
        StorageKey home = StorageKey.ROOT.child(name);
        if (!root.stat(home).isDirectory()) {
            throw new Failure.NotFound("no user " + name);
        }
        if (!withFiles) {
            try (Stream<Entry> entries = root.list(home)) {
                if (entries.anyMatch(entry -> !Names.isControl(entry.name()))) {
                    throw new Failure.NotEmpty(name + "'s home holds files");
                }
            }
        }
        removeTree(home);
    }

    // --- mounts

    /** Adds NAME TARGET PERMISSIONS to DIR's virtual file; the target must exist and be a directory. */
    public void addMount(StorageKey directory, String name, String target, Set<Permission> permissions) {
        ControlSyntax.MountLine line = new ControlSyntax.MountLine(name, target, permissions);
        try {
            ControlSyntax.mountLine(line.format());
        } catch (ControlSyntax.Malformed malformed) {
            throw new Failure.InvalidName(malformed.getMessage());
        }
        requireDirectory(directory);
        Location opened = namespace.target(target).orElseThrow(() -> new Failure.NotFound("no backend opens " + target));
        try {
            if (!opened.storage().stat(opened.key()).isDirectory()) {
                throw new Failure.NotADirectory("mount target " + target + " is not a directory");
            }
        } catch (Failure.NotFound missing) {
            throw new Failure.NotFound("mount target " + target + " does not exist");
        }
        List<ControlSyntax.MountLine> lines = new ArrayList<>(mounts(directory));
        if (lines.stream().anyMatch(existing -> existing.name().equals(name))) {
            throw new Failure.AlreadyExists("a mount " + name + " in " + directory);
        }
        lines.add(line);
        writeMounts(directory, lines);
    }

    /** The well-formed lines of DIR's virtual file (the {@code check} command reports the others). */
    public List<ControlSyntax.MountLine> mounts(StorageKey directory) {
        List<ControlSyntax.MountLine> lines = new ArrayList<>();
        for (String line : text(ControlFiles.in(directory, ControlFiles.VIRTUAL)).orElse("").lines().toList()) {
            try {
                ControlSyntax.mountLine(line).ifPresent(lines::add);
            } catch (ControlSyntax.Malformed malformed) {
                // left for check to report
            }
        }
        return lines;
    }

    public void removeMount(StorageKey directory, String name) {
        List<ControlSyntax.MountLine> lines = new ArrayList<>(mounts(directory));
        if (!lines.removeIf(line -> line.name().equals(name))) {
            throw new Failure.NotFound("no mount " + name + " in " + directory);
        }
        writeMounts(directory, lines);
    }

    // --- quotas

    public QuotaFigures quota(StorageKey directory) {
        requireDirectory(directory);
        return new QuotaFigures(directory, limit(directory), root.usage(directory));
    }

    /** Sets DIR's limit; 0 removes it. */
    public void setQuota(StorageKey directory, long bytes) {
        if (bytes < 0) {
            throw new Failure.InvalidName("a limit is 0 (none) or more bytes");
        }
        requireDirectory(directory);
        write(ControlFiles.in(directory, ControlFiles.SIZE), bytes + "\n");
    }

    // --- helpers

    private OptionalLong limit(StorageKey directory) {
        Optional<String> line = firstLine(ControlFiles.in(directory, ControlFiles.SIZE));
        if (line.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long limit = ControlSyntax.sizeLimit(line.get());
            return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
        } catch (ControlSyntax.Malformed malformed) {
            // the server refuses uploads there: nothing is free
            return OptionalLong.of(0);
        }
    }

    private void writeMounts(StorageKey directory, List<ControlSyntax.MountLine> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.format()).append('\n'));
        write(ControlFiles.in(directory, ControlFiles.VIRTUAL), text.toString());
    }

    private void requireUserName(String name) {
        if (!TreeAccounts.isUserName(name)) {
            throw new Failure.InvalidName("'" + name + "' is not a user name (letters, digits and _, at most 64)");
        }
    }

    private void requireDirectory(StorageKey directory) {
        if (directory.isControl() || !root.stat(directory).isDirectory()) {
            throw new Failure.NotADirectory(directory.toString());
        }
    }

    private boolean exists(StorageKey key) {
        try {
            root.stat(key);
            return true;
        } catch (Failure.NotFound missing) {
            return false;
        }
    }

    private Optional<String> firstLine(StorageKey key) {
        return text(key).map(text -> text.lines().findFirst().orElse("").strip()).filter(line -> !line.isEmpty());
    }

    private Optional<String> text(StorageKey key) {
        return TreeFiles.readNow(new Location(root, key));
    }

    private void write(StorageKey key, String text) {
        files.replace(new Location(root, key), text);
    }

    private void removeTree(StorageKey directory) {
        List<Entry> entries;
        try (Stream<Entry> listed = root.list(directory)) {
            entries = listed.toList();
        }
        for (Entry entry : entries) {
            StorageKey child = directory.child(entry.name());
            if (entry.isDirectory()) {
                removeTree(child);
            } else {
                root.delete(child);
            }
        }
        root.removeDirectory(directory);
    }
}
