package xxftp.domain.tree;

import java.util.Optional;
import java.util.Set;
import xxftp.domain.model.Names;
import xxftp.domain.model.Permission;

/**
 * The grammar of the tree's control files (XXFTP-TREE.md), written once for the server, the
 * {@code check} command and the fuzzers. Each parser says why a text is refused.
 */
public final class ControlSyntax {

    /** Where a mount target spelled {@code $root/x} lies: in the root storage. */
    public static final String ROOT_VARIABLE = "$root";

    /** A text a control file can't hold, and why. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason);
        }
    }

    /** One line of {@code .xxftp/virtual}: NAME TARGET PERMISSIONS, the target as spelled. */
    public record MountLine(String name, String target, Set<Permission> permissions) {

        public MountLine {
            permissions = Set.copyOf(permissions);
        }

        /** The line as the file holds it. */
        public String format() {
            return name + " " + target + " " + Permission.format(permissions);
        }
    }

    private ControlSyntax() {}

    /** A line of a virtual file; empty for a blank line or a {@code #} comment. */
    public static Optional<MountLine> mountLine(String line) throws Malformed {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 3) {
            throw new Malformed("not NAME TARGET PERMISSIONS (" + fields.length + " fields)");
        }
        if (!Names.isStorable(fields[0]) || Names.isControl(fields[0])) {
            throw new Malformed("'" + fields[0] + "' can't be a mount name");
        }
        Set<Permission> permissions = Permission.parseList(fields[2]).filter(rights -> !rights.isEmpty())
                .orElseThrow(() -> new Malformed("'" + fields[2] + "' is not a list of read, write, modify"));
        return Optional.of(new MountLine(fields[0], fields[1], permissions));
    }

    /** The first line of a permission file. */
    public static Set<Permission> permissions(String line) throws Malformed {
        return Permission.parseList(line).orElseThrow(() -> new Malformed("'" + line + "' is not a list of read, write, modify"));
    }

    /** The first line of a size file: the byte limit, 0 for none. */
    public static long sizeLimit(String line) throws Malformed {
        try {
            long limit = Long.parseLong(line.strip());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Malformed("'" + line + "' is not a byte count (a whole number, 0 for no limit)");
    }

    /** A password file's text: the original hex MD5 or a known salted hash. */
    public static void password(String text) throws Malformed {
        if (!PasswordHash.isKnownForm(text)) {
            throw new Malformed("neither a hex MD5 nor a $pbkdf2-sha256$ hash");
        }
    }
}
