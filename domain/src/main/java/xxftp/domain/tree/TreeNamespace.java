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
    private static final String ROOT_VARIABLE = "$root";

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
        Location permissionFile = ControlFiles.in(location, ControlFiles.PERMISSION);
        Set<Permission> permissions = files.firstLine(permissionFile)
                .map(line -> Permission.parseList(line).orElseGet(() -> {
                    // fail closed: a typo in an anonymous "read" file must not open the home for writing
                    log.warn("Malformed permission line in {}, granting no rights: {}", permissionFile.key(), line);
                    return Set.of();
                }))
                .orElse(Permission.ALL);
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
        for (String line : text.get().lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            parseMount(trimmed).ifPresentOrElse(result::add,
                    () -> problems.problem("Mount line '" + trimmed + "' in " + file.key(),
                            "skipped: not NAME TARGET PERMISSIONS, or a target no backend can open"));
        }
        return result;
    }

    private Optional<Mount> parseMount(String line) {
        String[] fields = line.split("\\s+");
        if (fields.length != 3 || !Names.isStorable(fields[0]) || Names.isControl(fields[0])) {
            return Optional.empty();
        }
        Optional<Set<Permission>> permissions = Permission.parseList(fields[2]);
        Optional<Location> target = target(fields[1]);
        if (permissions.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Mount(fields[0], target.get(), permissions.get()));
    }

    /** {@code $root/x} lies in the root storage; an absolute path or a URI goes to {@link Backends}. */
    private Optional<Location> target(String spelling) {
        try {
            if (spelling.equals(ROOT_VARIABLE) || spelling.startsWith(ROOT_VARIABLE + "/")) {
                StorageKey key = StorageKey.parse(spelling.substring(ROOT_VARIABLE.length()));
                return key.isControl() ? Optional.empty() : Optional.of(new Location(root, key));
            }
            URI uri = spelling.startsWith("/") ? new URI("file", null, spelling, null) : new URI(spelling);
            return uri.isAbsolute() ? backends.open(uri) : Optional.empty();
        } catch (URISyntaxException | Failure.InvalidName malformed) {
            return Optional.empty();
        }
    }

    private Optional<QuotaScope> limitOf(Location directory) {
        return files.firstLine(ControlFiles.in(directory, ControlFiles.SIZE)).flatMap(TreeNamespace::parseLimit)
                .map(limit -> new QuotaScope(directory, limit));
    }

    /** A limit that can't be read refuses uploads rather than lifting the limit. */
    private static Optional<Long> parseLimit(String line) {
        try {
            long limit = Long.parseLong(line);
            if (limit >= 0) {
                return limit > 0 ? Optional.of(limit) : Optional.empty();
            }
        } catch (NumberFormatException malformed) {
            // reported below
        }
        log.warn("Malformed size limit '{}': refusing uploads there until it is fixed", line);
        return Optional.of(0L);
    }
}
