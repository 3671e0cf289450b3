package xxftp.domain.model;

import java.util.List;
import java.util.Set;

/**
 * Where a client path leads, with what the user may do there.
 *
 * @param mountPoint the path names a mount (or the home itself), which can't be deleted,
 *                   renamed or overwritten
 * @param quotaScopes every limited subtree that physically holds the location
 */
public record Resolved(VirtualPath path, Location location, Set<Permission> permissions,
                       boolean mountPoint, List<QuotaScope> quotaScopes) {

    public Resolved {
        permissions = Set.copyOf(permissions);
        quotaScopes = List.copyOf(quotaScopes);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }
}
