package xxftp.domain.model;

import java.util.Set;

/** One line of a {@code .xxftp/virtual} file: NAME shows TARGET with its own permissions. */
public record Mount(String name, Location target, Set<Permission> permissions) {

    public Mount {
        permissions = Set.copyOf(permissions);
    }
}
