package xxftp.localfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Names;
import xxftp.domain.model.StorageKey;

/**
 * Resolves a key under the root with no window between check and use: each name is looked up
 * relative to the directory opened before it, links not followed ({@link SecureDirectoryStream},
 * {@code O_NOFOLLOW}), so the directory that was checked is the one used. A link met on the way
 * is read and its target walked the same way, from the link's directory or, when absolute, from
 * the root. It is followed only when it stays inside the root (in a tree, inside the top-level
 * folder the key starts in) and none of the names its target walks through is configuration: a
 * control name ({@link Names#isControl}, upload temporaries included) or a top-level message file.
 * Anything else answers {@link Failure.NotFound}, as if nothing were there; so do a dangling link
 * (writing through it would create its target) and special files (a FIFO would block a reader).
 */
final class Confinement {

    private static final Logger log = LoggerFactory.getLogger(Confinement.class);
    /** Links followed in one resolution at most, as the kernel's own limit before ELOOP. */
    private static final int MAX_LINKS = 40;

    private final Path root;
    /** The root as configured (maybe through a link): absolute link targets may spell it so too. */
    private final Path configured;
    private final boolean topFoldersApart;

    /** The root's real path. */
    Path root() {
        return root;
    }

    Confinement(Path root, boolean topFoldersApart) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("storage root is not a directory: " + root);
        }
        try {
            this.root = root.toRealPath();
            this.configured = root.toAbsolutePath().normalize();
            this.topFoldersApart = topFoldersApart;
            openRoot().close();
        } catch (IOException e) {
            throw new IllegalArgumentException("storage root can't be opened: " + root, e);
        }
    }

    /** The root directory, opened; the caller closes it. */
    SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IllegalArgumentException("this platform can't open files relative to a directory: " + root);
    }

    /** Where {@code key} leads; the caller closes the answer, which holds the directories opened. */
    Located locate(StorageKey key) throws IOException {
        Walk walk = new Walk(key, openRoot());
        try {
            return walk.run();
        } catch (IOException | RuntimeException e) {
            walk.opened.forEach(Located::closeQuietly);
            throw e;
        }
    }

    /** One step of a walk. */
    private sealed interface Step {}

    /** A name to look up; {@code last} marks the key's last segment. */
    private record Name(String name, boolean last) implements Step {}

    /** The end of a followed link's target: there the walk must lie within {@code boundary}. */
    private record LinkEnd(String link, List<String> boundary) implements Step {}

    /** The key's first segment is resolved: in a tree, later links must stay below it. */
    private record TopFolderReached() implements Step {}

    /** An opened directory and its real segments from the root. */
    private record Directory(SecureDirectoryStream<Path> stream, List<String> segments) {}

    private final class Walk {
        private final StorageKey key;
        private final List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        /** The directories stood in, innermost first, the root last: {@code ..} steps back one. */
        private final Deque<Directory> directories = new ArrayDeque<>();
        private final Deque<Step> steps = new ArrayDeque<>();
        private int namesAhead;
        private int linksFollowed;
        private int retakes;
        private int linksOpen;
        private List<String> topFolder = List.of();
        private Located.Place entry;
        private boolean entryIsLink;
        /** The final name in the innermost directory, once reached; "." for that directory itself. */
        private String leaf;
        private BasicFileAttributes leafAttributes;

        Walk(StorageKey key, SecureDirectoryStream<Path> root) {
            this.key = key;
            opened.add(root);
            directories.push(new Directory(root, List.of()));
        }

        Located run() throws IOException {
            List<String> segments = key.segments();
            for (int i = 0; i < segments.size(); i++) {
                steps.add(new Name(segments.get(i), i == segments.size() - 1));
                namesAhead++;
                if (i == 0 && topFoldersApart) {
                    steps.add(new TopFolderReached());
                }
            }
            if (segments.isEmpty()) {
                entry = place(".");
                reached(".", look("."));
            }
            while (!steps.isEmpty()) {
                switch (steps.pop()) {
                    case Name name -> {
                        namesAhead--;
                        if (!take(name)) {
                            return new Located(key, entry, null, null, false, false, opened);
                        }
                    }
                    case LinkEnd end -> arrive(end);
                    case TopFolderReached reached -> topFolder = position();
                }
            }
            return new Located(key, entry, place(leaf), leafAttributes, true, entryIsLink, opened);
        }

        /** Takes one name; false when nothing lies below it although names follow. */
        private boolean take(Name step) throws IOException {
            String name = step.name();
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                // only a link's target spells these
                if (name.equals("..")) {
                    if (directories.size() == 1) {
                        throw refused("a link out of the root");
                    }
                    // it stays open until the walk is closed: the entry may lie in it
                    directories.pop();
                }
                if (namesAhead == 0) {
                    reached(".", look("."));
                }
                return true;
            }
            if (linksOpen > 0 && (Names.isControl(name) || directories.size() == 1 && Names.isRootMessage(name))) {
                throw refused("a link through the control name " + name);
            }
            BasicFileAttributes attributes = look(name);
            if (step.last()) {
                entry = place(name);
                entryIsLink = attributes != null && attributes.isSymbolicLink();
            }
            if (attributes == null) {
                if (namesAhead > 0) {
                    return false;
                }
                if (linksOpen > 0) {
                    throw refused("a dangling link");
                }
                reached(name, null);
            } else if (attributes.isSymbolicLink()) {
                follow(step);
            } else if (!attributes.isDirectory() && !attributes.isRegularFile()) {
                throw refused("neither a file nor a directory: " + name);
            } else if (namesAhead == 0) {
                reached(name, attributes);
            } else if (attributes.isDirectory()) {
                enter(step);
            } else {
                // a file used as a directory: nothing lies below
                return false;
            }
            return true;
        }

        private void enter(Name step) throws IOException {
            Directory here = directories.peek();
            SecureDirectoryStream<Path> stream;
            try {
                stream = here.stream().newDirectoryStream(path(step.name()), LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                retake(step, e);
                return;
            }
            opened.add(stream);
            List<String> segments = new ArrayList<>(here.segments());
            segments.add(step.name());
            directories.push(new Directory(stream, List.copyOf(segments)));
        }

        /**
         * After {@code e} on a name that {@link #look} had just seen: unless access was denied
         * (that stays), the name was likely replaced meanwhile (ELOOP: by a link, ENOTDIR: by a
         * file, ENOENT: gone), so it is taken again, a bounded number of times before {@code e}.
         */
        private void retake(Name step, IOException e) throws IOException {
            if (e instanceof AccessDeniedException || ++retakes > MAX_LINKS) {
                throw e;
            }
            steps.push(step);
            namesAhead++;
        }

        private void follow(Name step) throws IOException {
            String name = step.name();
            countLink();
            // Java reads a link only by path, not relative to the open directory. The text read is
            // walked with every check above, so reading another link (a folder on the way swapped
            // meanwhile) can still only lead where any link is allowed to.
            Path target;
            try {
                target = Files.readSymbolicLink(pathOf(directories.peek().segments()).resolve(name));
            } catch (IOException e) {
                retake(step, e);
                return;
            }
            List<String> boundary = topFolder;
            if (target.isAbsolute()) {
                Path base = target.startsWith(root) ? root : configured;
                if (!target.startsWith(base)) {
                    throw refused("a link out of the root");
                }
                target = base.relativize(target);
                while (directories.size() > 1) {
                    directories.pop();
                }
            }
            steps.push(new LinkEnd(name, boundary));
            linksOpen++;
            for (int i = target.getNameCount() - 1; i >= 0; i--) {
                steps.push(new Name(target.getName(i).toString(), false));
                namesAhead++;
            }
        }

        private void arrive(LinkEnd end) {
            linksOpen--;
            List<String> position = position();
            if (position.size() < end.boundary().size()
                    || !position.subList(0, end.boundary().size()).equals(end.boundary())) {
                throw refused("link " + end.link() + " leads out of /" + String.join("/", end.boundary()));
            }
        }

        private void reached(String name, BasicFileAttributes attributes) {
            leaf = name;
            leafAttributes = attributes;
        }

        /** The real segments from the root of where the walk stands. */
        private List<String> position() {
            List<String> position = new ArrayList<>(directories.peek().segments());
            if (leaf != null && !leaf.equals(".")) {
                position.add(leaf);
            }
            return position;
        }

        /** What a name in the innermost directory is, the name itself if a link; null if nothing. */
        private BasicFileAttributes look(String name) throws IOException {
            try {
                return directories.peek().stream()
                        .getFileAttributeView(path(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (NoSuchFileException missing) {
                return null;
            }
        }

        private Located.Place place(String name) {
            Directory here = directories.peek();
            return new Located.Place(here.stream(), path(name), pathOf(here.segments()).resolve(name));
        }

        private void countLink() {
            if (++linksFollowed > MAX_LINKS) {
                throw refused("more than " + MAX_LINKS + " links");
            }
        }

        private Failure refused(String why) {
            log.debug("Not following {}: {}", key, why);
            return new Failure.NotFound(key + ": " + why);
        }
    }

    /** A single name, relative: a secure directory stream would resolve an absolute one from "/". */
    private Path path(String name) {
        return root.getFileSystem().getPath(name);
    }

    private Path pathOf(List<String> segments) {
        Path path = root;
        for (String segment : segments) {
            path = path.resolve(segment);
        }
        return path;
    }
}
