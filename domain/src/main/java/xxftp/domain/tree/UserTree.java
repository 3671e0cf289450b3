package xxftp.domain.tree;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import xxftp.domain.model.Account;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.Mount;
import xxftp.domain.model.Names;
import xxftp.domain.model.Permission;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.model.Resolved;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Quota;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * One logged-in user's view of the tree: every file operation a session can ask for, with the
 * tree's rules applied once, here, for every backend (permissions, mount points, control files,
 * quotas). Protocol adapters call this and translate {@link Failure}s.
 */
public final class UserTree {

    /**
     * An entry as a listing shows it, with the permissions that apply to it.
     *
     * @param mountPoint a mount (or the home itself), which can't be deleted or renamed
     */
    public record Listed(Entry entry, Set<Permission> permissions, boolean mountPoint) {}

    private final Account account;
    private final Namespace namespace;
    private final Quota quota;

    public UserTree(Account account, Namespace namespace, Quota quota) {
        this.account = account;
        this.namespace = namespace;
        this.quota = quota;
    }

    public Account account() {
        return account;
    }

    public Resolved resolve(VirtualPath path) {
        return namespace.resolve(account, path);
    }

    /** The entry for a directory the client may enter (CWD); no permission is needed to look. */
    public Entry directory(VirtualPath path) {
        Entry entry = stat(resolve(path));
        if (!entry.isDirectory()) {
            throw new Failure.NotADirectory(path.toString());
        }
        return entry;
    }

    /** Size and date of a file or directory (SIZE, MDTM): needs {@code read}. */
    public Entry stat(VirtualPath path) {
        Resolved resolved = resolve(path);
        require(resolved, Permission.READ);
        return stat(resolved);
    }

    /** The entry itself as a listing shows it (MLST, STAT): like {@link #list}, no right is needed to look. */
    public Listed describe(VirtualPath path) {
        Resolved resolved = resolve(path);
        return new Listed(stat(resolved), resolved.permissions(), resolved.mountPoint());
    }

    /**
     * A directory's entries, mounts first; or the entry itself for a file. Dot names and the
     * server's message files are left out; a mount hides a real entry of the same name.
     */
    public Stream<Listed> list(VirtualPath path) {
        Resolved resolved = resolve(path);
        Location location = resolved.location();
        Stream<Entry> entries;
        try {
            // no stat first: in a bucket that is up to three requests, and the listing says it too
            entries = location.storage().list(location.key());
        } catch (Failure.NotADirectory file) {
            return Stream.of(new Listed(stat(resolved), resolved.permissions(), resolved.mountPoint()));
        }
        List<Mount> mounts;
        try {
            mounts = namespace.mountsIn(resolved);
        } catch (RuntimeException e) {
            entries.close();
            throw e;
        }
        Set<String> mountNames = mounts.stream().map(Mount::name).collect(Collectors.toSet());
        Stream<Listed> mounted = mounts.stream().map(mount -> new Listed(namespace.mountEntry(mount), mount.permissions(), true));
        Stream<Listed> stored = entries
                .filter(entry -> Names.isListed(entry.name()) && !mountNames.contains(entry.name()))
                // a name the tree can't address (say "a\\b" on disk) is still shown, never fatal
                .filter(entry -> !(location.key().isRoot() && Names.isRootMessage(entry.name())))
                .map(entry -> new Listed(entry, resolved.permissions(), false));
        return Stream.concat(mounted, stored);
    }

    /** A download from {@code offset}: needs {@code read}. */
    public ReadableByteChannel read(VirtualPath path, long offset) {
        Resolved resolved = resolve(path);
        require(resolved, Permission.READ);
        return resolved.location().storage().read(resolved.location().key(), offset);
    }

    /**
     * STOR (offset 0) or REST + STOR. Replacing an existing file needs {@code modify}, creating
     * one needs {@code write}; with only {@code write} the store itself refuses to replace
     * (CREATE_NEW), so two clients of a drop box can't overwrite each other even when they race.
     */
    public Upload store(VirtualPath path, long offset, OptionalLong announcedBytes) {
        Resolved resolved = resolveForChange(path);
        if (offset > 0) {
            require(resolved, Permission.MODIFY);
            return open(resolved, WriteMode.RESUME, offset, announcedBytes);
        }
        return open(resolved, changeOrCreate(resolved, WriteMode.REPLACE), 0, announcedBytes);
    }

    /**
     * STOU: a file under a name not taken yet, never replacing one: needs {@code write}. The store
     * settles a race (CREATE_NEW); a taken name is {@link Failure.AlreadyExists}, so the caller
     * can try another.
     */
    public Upload create(VirtualPath path, OptionalLong announcedBytes) {
        Resolved resolved = resolveForChange(path);
        require(resolved, Permission.WRITE);
        return openUpload(resolved, WriteMode.CREATE_NEW, 0, announcedBytes);
    }

    /** APPE: appending to an existing file needs {@code modify}; creating one needs {@code write}. */
    public Upload append(VirtualPath path, OptionalLong announcedBytes) {
        Resolved resolved = resolveForChange(path);
        return open(resolved, changeOrCreate(resolved, WriteMode.APPEND), 0, announcedBytes);
    }

    /**
     * The mode for an upload that may change an existing file or create a new one, as the
     * rights allow: both rights, the change mode; {@code write} alone, CREATE_NEW; {@code modify}
     * alone, the change mode for an existing file only (checked first: the store has no
     * "existing only" write, and a lost race merely creates a file).
     */
    private static WriteMode changeOrCreate(Resolved resolved, WriteMode change) {
        boolean modify = resolved.allows(Permission.MODIFY);
        boolean write = resolved.allows(Permission.WRITE);
        if (modify && write) {
            return change;
        }
        if (write) {
            return WriteMode.CREATE_NEW;
        }
        if (modify && exists(resolved)) {
            return change;
        }
        throw new Failure.AccessDenied("no right to create or change " + resolved.path());
    }

    private static boolean exists(Resolved resolved) {
        try {
            stat(resolved);
            return true;
        } catch (Failure.NotFound missing) {
            return false;
        }
    }

    public void makeDirectory(VirtualPath path) {
        Resolved resolved = resolve(path);
        if (resolved.mountPoint()) {
            throw new Failure.AlreadyExists("mount point " + path);
        }
        require(resolved, Permission.MODIFY);
        resolved.location().storage().makeDirectory(resolved.location().key());
    }

    public void removeDirectory(VirtualPath path) {
        Resolved resolved = resolveForChange(path);
        require(resolved, Permission.MODIFY);
        resolved.location().storage().removeDirectory(resolved.location().key());
        quota.changed(resolved.quotaScopes());
    }

    public void delete(VirtualPath path) {
        Resolved resolved = resolveForChange(path);
        require(resolved, Permission.MODIFY);
        List<QuotaScope> scopes = resolved.quotaScopes();
        long size = scopes.isEmpty() ? 0 : stat(resolved).size();
        resolved.location().storage().delete(resolved.location().key());
        quota.freed(scopes, size);
        quota.changed(scopes);
    }

    /** Checks RNFR's path up front, so a bad source is refused before RNTO. */
    public Entry renameSource(VirtualPath path) {
        Resolved resolved = resolveForChange(path);
        require(resolved, Permission.MODIFY);
        return stat(resolved);
    }

    /**
     * RNFR + RNTO. Both ends need {@code modify}; a move into another quota scope must fit
     * there; a move between storages is refused rather than half done.
     */
    public void rename(VirtualPath from, VirtualPath to) {
        Resolved source = resolveForChange(from);
        Resolved target = resolveForChange(to);
        require(source, Permission.MODIFY);
        require(target, Permission.MODIFY);
        Location a = source.location();
        Location b = target.location();
        if (a.storage() != b.storage()) {
            throw new Failure.CrossStorage(from + " -> " + to);
        }
        if (a.key().equals(b.key())) {
            stat(source);
            return;
        }
        if (b.key().startsWith(a.key())) {
            throw new Failure.InvalidName("can't move " + from + " into itself");
        }
        // a scope that holds both ends keeps its usage: only the scopes the move enters must fit it,
        // and only those it leaves get room back
        List<QuotaScope> entered = target.quotaScopes().stream()
                .filter(scope -> !source.quotaScopes().contains(scope))
                .toList();
        List<QuotaScope> left = source.quotaScopes().stream()
                .filter(scope -> !target.quotaScopes().contains(scope))
                .toList();
        long moved = entered.isEmpty() && left.isEmpty() ? 0 : a.storage().usage(a.key());
        if (entered.isEmpty()) {
            a.storage().rename(a.key(), b.key());
        } else {
            try (Quota.Reservation reservation = quota.open(entered)) {
                reservation.claim(moved);
                a.storage().rename(a.key(), b.key());
                // count the moved bytes at once, so no upload takes their room before the measure below
                reservation.commit(0);
            }
        }
        quota.freed(left, moved);
        quota.changed(source.quotaScopes());
        quota.changed(target.quotaScopes());
    }

    /** MFMT: setting a file's time changes it, so it needs {@code modify}. */
    public void setModified(VirtualPath path, Instant modified) {
        Resolved resolved = resolveForChange(path);
        require(resolved, Permission.MODIFY);
        resolved.location().storage().setModified(resolved.location().key(), modified);
    }

    private Resolved resolveForChange(VirtualPath path) {
        Resolved resolved = resolve(path);
        if (resolved.mountPoint()) {
            throw new Failure.MountPointProtected(path.toString());
        }
        return resolved;
    }

    /** An upload for STOR or APPE: a file that exists can only have been refused for want of {@code modify}. */
    private Upload open(Resolved resolved, WriteMode mode, long offset, OptionalLong announcedBytes) {
        try {
            return openUpload(resolved, mode, offset, announcedBytes);
        } catch (Failure.AlreadyExists exists) {
            throw new Failure.AccessDenied("no modify right to replace " + resolved.path());
        }
    }

    private Upload openUpload(Resolved resolved, WriteMode mode, long offset, OptionalLong announcedBytes) {
        Quota.Reservation reservation = quota.open(resolved.quotaScopes());
        try {
            Storage storage = resolved.location().storage();
            StorageKey key = resolved.location().key();
            Upload upload = announcedBytes.isPresent()
                    ? storage.write(key, mode, offset, announcedBytes.getAsLong())
                    : storage.write(key, mode, offset);
            return new MeteredUpload(upload, reservation, mode, offset, resolved.quotaScopes());
        } catch (RuntimeException e) {
            reservation.close();
            throw e;
        }
    }

    private static Entry stat(Resolved resolved) {
        Entry entry = resolved.location().storage().stat(resolved.location().key());
        return new Entry(resolved.path().name(), entry.kind(), entry.size(), entry.modified());
    }

    private static void require(Resolved resolved, Permission permission) {
        if (!resolved.allows(permission)) {
            throw new Failure.AccessDenied(permission + " needed for " + resolved.path());
        }
    }

    /** Claims quota for each buffer before it reaches the store, so no byte lands beyond a limit. */
    private final class MeteredUpload implements Upload {
        private final Upload upload;
        private final Quota.Reservation reservation;
        private final WriteMode mode;
        private final long offset;
        private final List<QuotaScope> scopes;
        private boolean finished;

        MeteredUpload(Upload upload, Quota.Reservation reservation, WriteMode mode, long offset, List<QuotaScope> scopes) {
            this.upload = upload;
            this.reservation = reservation;
            this.mode = mode;
            this.offset = offset;
            this.scopes = scopes;
            reservation.replacing(freedOnCommit());
        }

        /** What the stored file loses when this upload commits: the file it replaces, or the part it cuts. */
        private long freedOnCommit() {
            return switch (mode) {
                case REPLACE -> upload.previousSize();
                case RESUME -> Math.max(0, upload.previousSize() - offset);
                case CREATE_NEW, APPEND -> 0;
            };
        }

        @Override
        public int write(ByteBuffer source) throws java.io.IOException {
            if (finished) {
                // a claim on a settled reservation would never be given back
                throw new ClosedChannelException();
            }
            int bytes = source.remaining();
            reservation.claim(bytes);
            while (source.hasRemaining()) {
                upload.write(source);
            }
            return bytes;
        }

        @Override
        public void commit() {
            upload.commit();
            finished = true;
            reservation.commit(freedOnCommit());
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                upload.abort();
            } finally {
                if (mode == WriteMode.APPEND || mode == WriteMode.RESUME) {
                    // bytes written in place stay (that is what makes a resume possible): they count
                    // at once, and a measure in the background settles the exact figure
                    reservation.commit(0);
                    quota.changed(scopes);
                } else {
                    reservation.close();
                }
            }
        }

        @Override
        public long previousSize() {
            return upload.previousSize();
        }

        @Override
        public boolean isOpen() {
            return !finished && upload.isOpen();
        }

        @Override
        public void close() {
            abort();
        }
    }
}
