package xxftp.domain.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Storage;

/**
 * The {@code check} command: reads every control file of a tree and reports each problem with
 * its file and line, the way the server would meet it. It only reads, so it is safe beside a
 * running server.
 */
public final class TreeCheck {

    /** One problem; line 0 when it is about the whole file or folder. */
    public record Problem(String file, int line, String message) {
        @Override
        public String toString() {
            return (line > 0 ? file + ":" + line : file) + ": " + message;
        }
    }

    private record MountEdge(StorageKey directory, String file, int line, String name, StorageKey target) {}

    private static final Set<String> KNOWN = Set.of(ControlFiles.PASSWORD, ControlFiles.PERMISSION,
            ControlFiles.VIRTUAL, ControlFiles.SIZE);

    private final Storage root;
    private final TreeNamespace namespace;
    private final List<Problem> problems = new ArrayList<>();
    private final List<MountEdge> edges = new ArrayList<>();
    private final Set<StorageKey> mountedInTree = new HashSet<>();

    public TreeCheck(Storage root, TreeNamespace namespace) {
        this.root = root;
        this.namespace = namespace;
    }

    public List<Problem> run() {
        problems.clear();
        edges.clear();
        mountedInTree.clear();
        walk(StorageKey.ROOT);
        loops();
        for (StorageKey top : children(StorageKey.ROOT, true)) {
            if (!TreeAccounts.isUserName(top.name()) && !mountedInTree.contains(top)) {
                problems.add(new Problem(top.toString(), 0,
                        "not a user (only letters, digits and _ make one) and no mount shows it: nobody can reach it"));
            }
        }
        return List.copyOf(problems);
    }

    private void walk(StorageKey directory) {
        for (StorageKey child : children(directory, true)) {
            if (child.name().equals(ControlFiles.FOLDER)) {
                config(directory);
            } else if (!child.isControl()) {
                walk(child);
            }
        }
    }

    private void config(StorageKey directory) {
        boolean home = directory.segments().size() == 1;
        for (StorageKey file : children(directory.child(ControlFiles.FOLDER), false)) {
            String name = file.name();
            if (!KNOWN.contains(name)) {
                problems.add(new Problem(file.toString(), 0, "not a control file the server reads"));
            } else if ((name.equals(ControlFiles.PASSWORD) || name.equals(ControlFiles.PERMISSION)) && !home) {
                problems.add(new Problem(file.toString(), 0, "only a home's (a top-level folder's) " + name + " is read"));
            }
        }
        Location at = new Location(root, directory);
        TreeFiles.readNow(ControlFiles.in(at, ControlFiles.SIZE)).ifPresent(text -> firstLine(ControlFiles.in(directory, ControlFiles.SIZE),
                text, ControlSyntax::sizeLimit));
        if (home) {
            TreeFiles.readNow(ControlFiles.in(at, ControlFiles.PERMISSION)).ifPresent(text -> firstLine(
                    ControlFiles.in(directory, ControlFiles.PERMISSION), text, ControlSyntax::permissions));
            TreeFiles.readNow(ControlFiles.in(at, ControlFiles.PASSWORD)).ifPresent(text -> firstLine(
                    ControlFiles.in(directory, ControlFiles.PASSWORD), text, line -> {
                        ControlSyntax.password(text);
                        return line;
                    }));
        }
        TreeFiles.readNow(ControlFiles.in(at, ControlFiles.VIRTUAL)).ifPresent(text -> mounts(directory, text));
    }

    private interface LineParser {
        Object parse(String line) throws ControlSyntax.Malformed;
    }

    private void firstLine(StorageKey file, String text, LineParser parser) {
        try {
            parser.parse(text.lines().findFirst().orElse("").strip());
        } catch (ControlSyntax.Malformed malformed) {
            problems.add(new Problem(file.toString(), 1, malformed.getMessage()));
        }
    }

    private void mounts(StorageKey directory, String text) {
        String file = ControlFiles.in(directory, ControlFiles.VIRTUAL).toString();
        Set<String> names = new HashSet<>();
        int number = 0;
        for (String line : text.lines().toList()) {
            number++;
            try {
                Optional<ControlSyntax.MountLine> mount = ControlSyntax.mountLine(line);
                if (mount.isEmpty()) {
                    continue;
                }
                if (!names.add(mount.get().name())) {
                    problems.add(new Problem(file, number, "a second mount named " + mount.get().name() + " (the first wins)"));
                }
                Location target = namespace.target(mount.get().target())
                        .orElseThrow(() -> new ControlSyntax.Malformed("no backend opens target '" + mount.get().target() + "'"));
                if (!isDirectory(target)) {
                    throw new ControlSyntax.Malformed("target '" + mount.get().target() + "' is not an existing directory");
                }
                if (target.storage() == root) {
                    mountedInTree.add(target.key());
                    edges.add(new MountEdge(directory, file, number, mount.get().name(), target.key()));
                }
            } catch (ControlSyntax.Malformed malformed) {
                problems.add(new Problem(file, number, malformed.getMessage()));
            }
        }
    }

    /**
     * A mount whose target holds (through more mounts, maybe) the directory that mounts it makes
     * an endless tree, which recursive clients (mirror, wget -r) walk forever.
     */
    private void loops() {
        for (MountEdge edge : edges) {
            Set<MountEdge> seen = new HashSet<>();
            List<StorageKey> reached = new ArrayList<>(List.of(edge.target()));
            boolean loop = false;
            while (!reached.isEmpty() && !loop) {
                StorageKey shown = reached.removeLast();
                if (edge.directory().startsWith(shown)) {
                    loop = true;
                }
                for (MountEdge next : edges) {
                    if (next.directory().startsWith(shown) && seen.add(next)) {
                        reached.add(next.target());
                    }
                }
            }
            if (loop) {
                problems.add(new Problem(edge.file(), edge.line(), "mount loop: " + edge.name() + " leads back to "
                        + (edge.directory().isRoot() ? "the root" : edge.directory().toString())));
            }
        }
    }

    private List<StorageKey> children(StorageKey directory, boolean directories) {
        try (Stream<Entry> entries = root.list(directory)) {
            return entries.filter(entry -> entry.isDirectory() == directories).map(Entry::name).sorted()
                    .map(directory::child).toList();
        } catch (Failure.NotFound | Failure.NotADirectory gone) {
            return List.of();
        }
    }

    private static boolean isDirectory(Location location) {
        try {
            return location.storage().stat(location.key()).isDirectory();
        } catch (Failure.NotFound | Failure.StorageUnavailable missing) {
            return false;
        }
    }
}
