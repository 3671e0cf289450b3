package xxftp.domain.tree;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Account;
import xxftp.domain.model.ControlFiles;
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
import xxftp.domain.port.Backends;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Storage;

/**
 * The namespace as the xxftp tree describes it: a home with {@code .xxftp/permission},
 * {@code .xxftp/virtual} mounts in any directory (nesting through mount targets), and
 * {@code .xxftp/size} limits on homes and mount targets.
 */
public final class TreeNamespace implements Namespace {

    private static final Logger log = LoggerFactory.getLogger(TreeNamespace.class);
    /** Deeper paths are refused: nobody needs them, and each level may cost a read. */
    static final int MAX_DEPTH = 128;

    private final Storage root;
    private final TreeFiles files;
    private final Backends backends;
    private final ProblemLog problems = new ProblemLog(log);

    public TreeNamespace(Storage root, TreeFiles files, Backends backends) {
        this.root = root;
        this.files = files;
        this.backends = backends;
    }

    @Override
    public Resolved resolve(Account account, VirtualPath path) {
        if (path.segments().size() > MAX_DEPTH) {
            throw new Failure.InvalidName("path deeper than " + MAX_DEPTH);
        }
        Location location = account.home();
        Set<Permission> permissions = homePermissions(location);
        List<QuotaScope> candidates = new ArrayList<>();
        limitOf(location).ifPresent(candidates::add);
        boolean mountPoint = true;
        for (String segment : path.segments()) {
            if (Names.isControl(segment)) {
                throw new Failure.NotFound("control name in path " + path);
            }
            Optional<Mount> mount = mounts(location).stream().filter(m -> m.name().equals(segment)).findFirst();
            if (mount.isPresent()) {
                location = mount.get().target();
                permissions = mount.get().permissions();
                limitOf(location).ifPresent(candidates::add);
                mountPoint = true;
            } else {
                if (!Names.isStorable(segment)) {
                    throw new Failure.InvalidName("segment not storable in " + path);
                }
                location = location.child(segment);
                mountPoint = false;
            }
        }
        if (location.key().isControl()) {
            throw new Failure.NotFound("control file reached through " + path);
        }
        Location target = location;
        List<QuotaScope> scopes = candidates.stream()
                .filter(scope -> scope.root().storage() == target.storage() && target.key().startsWith(scope.root().key()))
                .toList();
        return new Resolved(path, location, permissions, mountPoint, scopes);
    }

    private Set<Permission> homePermissions(Location home) {
        Location file = ControlFiles.in(home, ControlFiles.PERMISSION);
        return files.firstLine(file).map(line -> {
            try {
                return ControlSyntax.permissions(line);
            } catch (ControlSyntax.Malformed malformed) {
                // fail closed: a typo in an anonymous "read" file must not open the home for writing
                problems.problem("Permission file " + file.key(), malformed.getMessage() + "; granting no rights");
                return Set.<Permission>of();
            }
        }).orElse(Permission.ALL);
    }

    @Override
    public List<Mount> mountsIn(Resolved directory) {
        return mounts(directory.location());
    }

    @Override
    public Entry mountEntry(Mount mount) {
        String subject = "Mount " + mount.name() + " -> " + mount.target().key();
        try {
            Entry target = mount.target().storage().stat(mount.target().key());
            problems.works(subject);
            return new Entry(mount.name(), Entry.Kind.DIRECTORY, 0, target.modified());
        } catch (Failure unreachable) {
            problems.problem(subject, "target unreachable (" + unreachable.getClass().getSimpleName()
                    + ": " + unreachable.getMessage() + ")");
            return new Entry(mount.name(), Entry.Kind.DIRECTORY, 0, Instant.EPOCH);
        }
    }

    private List<Mount> mounts(Location directory) {
        Location file = ControlFiles.in(directory, ControlFiles.VIRTUAL);
        Optional<String> text = files.read(file);
        if (text.isEmpty()) {
            return List.of();
        }
        List<Mount> result = new ArrayList<>();
        int number = 0;
        for (String line : text.get().lines().toList()) {
            number++;
            String subject = file.key() + ":" + number;
            try {
                Optional<ControlSyntax.MountLine> mount = ControlSyntax.mountLine(line);
                if (mount.isPresent()) {
                    Location target = target(mount.get().target())
                            .orElseThrow(() -> new ControlSyntax.Malformed("no backend opens target '" + mount.get().target() + "'"));
                    result.add(new Mount(mount.get().name(), target, mount.get().permissions()));
                }
            } catch (ControlSyntax.Malformed malformed) {
                problems.problem("Mount line " + subject, "skipped: " + malformed.getMessage());
            }
        }
        return result;
    }

    /**
     * Where a mount target spelled in a virtual file lies: {@code $root/x} in the root storage;
     * an absolute path or a URI is opened by {@link Backends}. Empty when nothing can serve it.
     */
    public Optional<Location> target(String spelling) {
        try {
            if (spelling.equals(ControlSyntax.ROOT_VARIABLE) || spelling.startsWith(ControlSyntax.ROOT_VARIABLE + "/")) {
                StorageKey key = StorageKey.parse(spelling.substring(ControlSyntax.ROOT_VARIABLE.length()));
                return key.isControl() ? Optional.empty() : Optional.of(new Location(root, key));
            }
            URI uri = spelling.startsWith("/") ? new URI("file", null, spelling, null) : new URI(spelling);
            return uri.isAbsolute() ? backends.open(uri) : Optional.empty();
        } catch (URISyntaxException | Failure.InvalidName malformed) {
            return Optional.empty();
        }
    }

    private Optional<QuotaScope> limitOf(Location directory) {
        Location file = ControlFiles.in(directory, ControlFiles.SIZE);
        return files.firstLine(file).flatMap(line -> {
            try {
                long limit = ControlSyntax.sizeLimit(line);
                return limit > 0 ? Optional.of(new QuotaScope(directory, limit)) : Optional.empty();
            } catch (ControlSyntax.Malformed malformed) {
                // a limit that can't be read refuses uploads rather than lifting the limit
                problems.problem("Size limit " + file.key(), malformed.getMessage() + "; refusing uploads there until it is fixed");
                return Optional.of(new QuotaScope(directory, 0));
            }
        });
    }
}
