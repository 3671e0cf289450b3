package xxftp.ftp;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import xxftp.domain.model.Permission;
import xxftp.domain.tree.UserTree;

/** LIST lines in the {@code ls -l} form that FileZilla, WinSCP, lftp and curl parse. */
final class ListingFormat {

    /** ls shows the time for the last six months, the year otherwise. */
    private static final Duration RECENT_WINDOW = Duration.ofDays(182);

    /** "LIST -la dir": ls options that clients put before the path; they change nothing here. */
    private static final Pattern LS_OPTIONS = Pattern.compile("^(-[A-Za-z]+\\s*)+");

    private ListingFormat() {}

    /** The path of a LIST, NLST or STAT argument, without the ls options before it. */
    static String withoutLsOptions(String argument) {
        return LS_OPTIONS.matcher(argument.strip()).replaceFirst("");
    }

    static String longLine(UserTree.Listed listed, Instant now) {
        var entry = listed.entry();
        Instant modified = entry.modified();
        boolean recent = modified.isAfter(now.minus(RECENT_WINDOW)) && modified.isBefore(now.plus(Duration.ofHours(1)));
        // "%s 1 ftp ftp %13d %s %s", without a Formatter an entry
        StringBuilder line = new StringBuilder(64 + entry.name().length());
        line.append(mode(entry.isDirectory(), listed.permissions())).append(" 1 ftp ftp ");
        String size = Long.toString(entry.size());
        line.repeat(' ', Math.max(0, 13 - size.length())).append(size).append(' ');
        Timestamps.appendLs(line, modified, recent);
        return line.append(' ').append(entry.name()).toString();
    }

    /** The mode column shows the user's effective rights, the same for owner, group and others. */
    private static String mode(boolean directory, Set<Permission> permissions) {
        boolean readable = directory || permissions.contains(Permission.READ);
        boolean writable = directory
                ? permissions.contains(Permission.WRITE) || permissions.contains(Permission.MODIFY)
                : permissions.contains(Permission.MODIFY);
        return MODES[(directory ? 4 : 0) | (readable ? 2 : 0) | (writable ? 1 : 0)];
    }

    /** Each of the eight modes, spelled once rather than once an entry. */
    private static final String[] MODES = new String[8];

    static {
        for (int index = 0; index < MODES.length; index++) {
            boolean directory = (index & 4) != 0;
            String triple = ((index & 2) != 0 ? "r" : "-") + ((index & 1) != 0 ? "w" : "-") + (directory ? "x" : "-");
            MODES[index] = (directory ? "d" : "-") + triple + triple + triple;
        }
    }
}
