package xxftp.ftp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
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

        private final String factName = name().toLowerCase(Locale.ROOT);

        String factName() {
            return factName;
        }
    }

    /** RFC 3659 7.5.1: cdir is the directory an MLSD lists, pdir its parent. */
    enum Type {
        FILE, DIR, CDIR, PDIR;

        private final String value = name().toLowerCase(Locale.ROOT);
    }

    /** Every entry of a listing walks the facts: one copy of the array, not one an entry. */
    private static final Fact[] FACTS = Fact.values();

    /** Selections are enum sets (a bit test an entry and fact), read-only. */
    static final Set<Fact> ALL_FACTS = Collections.unmodifiableSet(EnumSet.allOf(Fact.class));

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
        return Collections.unmodifiableSet(selected);
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
        return entry(listed, type, path.toString(), "", name, selected);
    }

    /**
     * The same, for the entry whose absolute virtual path is {@code prefix} followed by
     * {@code rest}: a listing passes its directory and each name, and no path is put together.
     */
    static String entry(UserTree.Listed listed, Type type, String prefix, String rest, String name, Set<Fact> selected) {
        StringBuilder line = new StringBuilder(96 + name.length());
        for (Fact fact : FACTS) {
            // RFC 3659 7.5.5: the size of a directory is not defined; only files have one
            if (!selected.contains(fact) || fact == Fact.SIZE && type != Type.FILE) {
                continue;
            }
            line.append(fact.factName()).append('=');
            switch (fact) {
                case TYPE -> line.append(type.value);
                case SIZE -> line.append(listed.entry().size());
                case MODIFY -> Timestamps.appendMdtm(line, listed.entry().modified());
                case PERM -> line.append(perm(type == Type.FILE, listed.permissions(), listed.mountPoint()));
                case UNIQUE -> appendUnique(line, prefix, rest);
            }
            line.append(';');
        }
        return line.append(' ').append(name).toString();
    }

    /** Every perm value, by {@link #permIndex}: an entry looks its value up instead of spelling it. */
    private static final String[] PERMS = new String[32];

    static {
        for (int index = 0; index < PERMS.length; index++) {
            EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
            for (Permission permission : Permission.values()) {
                if ((index & bitOf(permission)) != 0) {
                    permissions.add(permission);
                }
            }
            PERMS[index] = spelledPerm((index & 1) != 0, permissions, (index & 16) != 0);
        }
    }

    private static int bitOf(Permission permission) {
        return switch (permission) {
            case READ -> 2;
            case WRITE -> 4;
            case MODIFY -> 8;
        };
    }

    /** values() copies its array each call, and this runs once an entry. */
    private static final Permission[] PERMISSIONS = Permission.values();

    private static int permIndex(boolean file, Set<Permission> permissions, boolean mountPoint) {
        int index = (file ? 1 : 0) | (mountPoint ? 16 : 0);
        for (Permission permission : PERMISSIONS) {
            index |= permissions.contains(permission) ? bitOf(permission) : 0;
        }
        return index;
    }

    static String perm(boolean file, Set<Permission> permissions, boolean mountPoint) {
        return PERMS[permIndex(file, permissions, mountPoint)];
    }

    /**
     * RFC 3659 7.5.5, from the user's effective rights. A file: r read; w (replace), a (append),
     * d (delete), f (rename) modify. A directory: e, l always (entering and listing need no
     * right); c (store a new file) write; m (make a directory), p (remove an entry), d, f modify,
     * except that a mount point is never deleted nor renamed.
     */
    private static String spelledPerm(boolean file, Set<Permission> permissions, boolean mountPoint) {
        boolean modify = permissions.contains(Permission.MODIFY);
        StringBuilder letters = new StringBuilder(8);
        if (file) {
            add(letters, permissions.contains(Permission.READ), "r");
            add(letters, modify, "wadf");
        } else {
            add(letters, true, "el");
            add(letters, permissions.contains(Permission.WRITE), "c");
            add(letters, modify, "mp");
            add(letters, modify && !mountPoint, "df");
        }
        return letters.toString();
    }

    private static void add(StringBuilder letters, boolean allowed, String some) {
        if (allowed) {
            letters.append(some);
        }
    }

    /**
     * RFC 3659 7.5.2: a token that stays the same for the same object. The virtual path is
     * what identifies an entry for this user, on every backend and across restarts.
     */
    static String unique(VirtualPath path) {
        StringBuilder token = new StringBuilder(16);
        appendUnique(token, path.toString(), "");
        return token.toString();
    }

    /**
     * FNV-1a, 64 bits, of the UTF-8 bytes of {@code prefix} then {@code rest}, in 16 hex digits:
     * the token needs no secrecy, only to differ between paths, and a listing computes one an
     * entry (SHA-256 took a third of an MLSD's time).
     */
    private static void appendUnique(StringBuilder line, String prefix, String rest) {
        long hash = fnv1a(fnv1a(0xcbf29ce484222325L, prefix), rest);
        for (int shift = 60; shift >= 0; shift -= 4) {
            line.append(HEX[(int) (hash >>> shift) & 0xf]);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** FNV-1a over the bytes {@code text.getBytes(UTF_8)} gives, an unpaired surrogate as '?', with no array made. */
    static long fnv1a(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                hash = step(hash, c);
            } else if (c < 0x800) {
                hash = step(step(hash, 0xc0 | c >> 6), 0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                hash = step(step(step(hash, 0xe0 | c >> 12), 0x80 | c >> 6 & 0x3f), 0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int point = Character.toCodePoint(c, text.charAt(++i));
                hash = step(step(step(step(hash, 0xf0 | point >> 18), 0x80 | point >> 12 & 0x3f), 0x80 | point >> 6 & 0x3f),
                        0x80 | point & 0x3f);
            } else {
                hash = step(hash, '?');
            }
        }
        return hash;
    }

    private static long step(long hash, int octet) {
        return (hash ^ (octet & 0xff)) * 0x100000001b3L;
    }

    /** A listed entry's virtual path: the directory's segments plus its name, which is taken as it is. */
    static VirtualPath child(VirtualPath directory, String name) {
        List<String> segments = new ArrayList<>(directory.segments());
        segments.add(name);
        return new VirtualPath(segments);
    }
}
