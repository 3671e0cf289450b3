package xxftp.domain.port;

import java.util.List;
import xxftp.domain.model.Account;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Mount;
import xxftp.domain.model.Resolved;
import xxftp.domain.model.VirtualPath;

/** The namespace port: from a client path to a storage location, permissions and quota scopes. */
public interface Namespace {

    /**
     * Resolves a path in an account's view. A path through a control name answers
     * {@link Failure.NotFound}, exactly as a missing one.
     */
    Resolved resolve(Account account, VirtualPath path);

    /** The mounts declared in a directory, listed first and as directories. */
    List<Mount> mountsIn(Resolved directory);

    /**
     * A mount as a listing shows it: a directory with its target's time. A target that can't
     * be reached still shows (with no time): hiding it would hide the problem from its users.
     */
    Entry mountEntry(Mount mount);
}
