package xxftp.ftp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import xxftp.domain.model.Permission;
import xxftp.domain.model.VirtualPath;
import xxftp.domain.tree.UserTree;

/** RFC 3659 7: the machine-readable entries of MLSD and MLST, {@code fact=value;...; name}. */
final class MachineListing {

    /** The facts served, in the order FEAT and every entry show them. */
    enum Fact {
        TYPE, SIZE, MODIFY, PERM, UNIQUE;

        String factName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** RFC 3659 7.5.1: cdir is the directory an MLSD lists, pdir its parent. */
    enum Type { FILE, DIR, CDIR, PDIR }

    static final Set<Fact> ALL_FACTS = Set.copyOf(EnumSet.allOf(Fact.class));

    /** Enough of a digest that two paths never share a token in practice, short enough to read. */
    private static final int UNIQUE_BYTES = 8;

    private MachineListing() {}

    /** RFC 3659 7.8: the FEAT line, each served fact with "*" when selected. */
    static String feature(Set<Fact> selected) {
        StringBuilder line = new StringBuilder("MLST ");
        for (Fact fact : Fact.values()) {
            line.append(fact.factName()).append(selected.contains(fact) ? "*;" : ";");
        }
        return line.toString();
    }

    /**
     * RFC 3659 7.9: OPTS MLST names the facts wanted, ";"-separated; names we don't serve are
     * ignored, and an empty list selects none.
     */
    static Set<Fact> parseSelection(String list) {
        EnumSet<Fact> selected = EnumSet.noneOf(Fact.class);
        for (String name : list.split(";")) {
            for (Fact fact : Fact.values()) {
                if (fact.factName().equalsIgnoreCase(name.strip())) {
                    selected.add(fact);
                }
            }
        }
        return Set.copyOf(selected);
    }

    /** The selection as the 200 reply to OPTS MLST repeats it: {@code type;size;}. */
    static String selection(Set<Fact> selected) {
        return Arrays.stream(Fact.values()).filter(selected::contains).map(fact -> fact.factName() + ";")
                .collect(Collectors.joining());
    }

    /** The type of an entry listed as itself: file or dir. */
    static Type typeOf(UserTree.Listed listed) {
        return listed.entry().isDirectory() ? Type.DIR : Type.FILE;
    }

    /**
     * One entry: the selected facts, a space, then the name (RFC 3659 7.2: the space always
     * comes, even with no facts). {@code path} is the entry's virtual path, for the unique token.
     */
    static String entry(UserTree.Listed listed, Type type, VirtualPath path, String name, Set<Fact> selected) {
        StringBuilder line = new StringBuilder();
        for (Fact fact : Fact.values()) {
            if (!selected.contains(fact)) {
                continue;
            }
            String value = switch (fact) {
                case TYPE -> type.name().toLowerCase(Locale.ROOT);
                // RFC 3659 7.5.5: the size of a directory is not defined; only files have one
                case SIZE -> type == Type.FILE ? Long.toString(listed.entry().size()) : null;
                case MODIFY -> FileCommands.MDTM.format(listed.entry().modified());
                case PERM -> perm(type == Type.FILE, listed.permissions(), listed.mountPoint());
                case UNIQUE -> unique(path);
            };
            if (value != null) {
                line.append(fact.factName()).append('=').append(value).append(';');
            }
        }
        return line.append(' ').append(name).toString();
    }

    /**
     * RFC 3659 7.5.5, from the user's effective rights. A file: r read; w (replace), a (append),
     * d (delete), f (rename) modify. A directory: e, l always (entering and listing need no
     * right); c (store a new file) write; m (make a directory), p (remove an entry), d, f modify,
     * except that a mount point is never deleted nor renamed.
     */
    static String perm(boolean file, Set<Permission> permissions, boolean mountPoint) {
        boolean modify = permissions.contains(Permission.MODIFY);
        List<String> letters = new ArrayList<>();
        if (file) {
            add(letters, permissions.contains(Permission.READ), "r");
            add(letters, modify, "w", "a", "d", "f");
        } else {
            add(letters, true, "e", "l");
            add(letters, permissions.contains(Permission.WRITE), "c");
            add(letters, modify, "m", "p");
            add(letters, modify && !mountPoint, "d", "f");
        }
        return String.join("", letters);
    }

    private static void add(List<String> letters, boolean allowed, String... some) {
        if (allowed) {
            letters.addAll(List.of(some));
        }
    }

    /**
     * RFC 3659 7.5.2: a token that stays the same for the same object. The virtual path is
     * what identifies an entry for this user, on every backend and across restarts.
     */
    static String unique(VirtualPath path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, UNIQUE_BYTES);
        } catch (NoSuchAlgorithmException impossible) {
            // every JDK has SHA-256
            throw new IllegalStateException(impossible);
        }
    }

    /** A listed entry's virtual path: the directory's segments plus its name, which is taken as it is. */
    static VirtualPath child(VirtualPath directory, String name) {
        List<String> segments = new ArrayList<>(directory.segments());
        segments.add(name);
        return new VirtualPath(segments);
    }
}
