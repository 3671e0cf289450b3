package xxftp.domain.model;

import xxftp.domain.tree.TreeAccounts;

/** A user of the tree: a top-level directory of the root storage. */
public record Account(String name, Location home) {

    public boolean isAnonymous() {
        return name.equals(TreeAccounts.ANONYMOUS);
    }
}
