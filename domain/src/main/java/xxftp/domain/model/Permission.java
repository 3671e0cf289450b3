package xxftp.domain.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The three rights of the xxftp tree (XXFTP-TREE.md, "Permissions"). */
public enum Permission {
    /** Download and see sizes and dates. Listing is always allowed. */
    READ,
    /** Upload a new file. */
    WRITE,
    /** Change what exists: overwrite, append, delete, rename, make and remove directories, set times. */
    MODIFY;

    public static final Set<Permission> ALL = EnumSet.allOf(Permission.class);

    /** The comma list a permission file or a mount line holds, in the order read, write, modify. */
    public static String format(Set<Permission> permissions) {
        return EnumSet.copyOf(permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : permissions).stream()
                .map(permission -> permission.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }

    /**
     * Parses a comma list such as "read,write". Unknown words make the whole list invalid,
     * so a typo never grants or silently drops a right.
     */
    public static Optional<Set<Permission>> parseList(String text) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        for (String word : text.trim().split("\\s*,\\s*")) {
            if (word.isEmpty()) {
                continue;
            }
            try {
                result.add(valueOf(word.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
        }
        return Optional.of(Set.copyOf(result));
    }
}
