package xxftp.domain.model;

/**
 * The one place that spells the tree's control names (XXFTP-TREE.md): the {@code .xxftp} folder
 * of a directory and the files in it, the message files at the top of the tree, and the prefix
 * of upload temporaries. Everything else asks here.
 */
public final class ControlFiles {

    /** A directory's configuration folder; anything whose name starts with it is a control name. */
    public static final String FOLDER = ".xxftp";
    public static final String PASSWORD = "password";
    public static final String VIRTUAL = "virtual";
    public static final String PERMISSION = "permission";
    public static final String SIZE = "size";
    /** Folder of a scope's quota ledger when several servers share a bucket. */
    public static final String QUOTA_LEDGER = "quota-ledger";
    /** At the top of the tree: bans the servers sharing a bucket tell each other of. */
    public static final String BANS = "bans";
    /** At the top of the tree: the 220 greeting and the 221 goodbye. */
    public static final String WELCOME = "xxftp.welcome";
    public static final String GOODBYE = "xxftp.goodbye";
    /** Upload temporaries start with the control folder's name, so they are hidden like it. */
    public static final String TEMPORARY_PREFIX = FOLDER + "-part-";

    private ControlFiles() {}

    /** The key of one of a directory's control files, {@code DIR/.xxftp/NAME}. */
    public static StorageKey in(StorageKey directory, String name) {
        return directory.child(FOLDER).child(name);
    }

    /** The same for a location. */
    public static Location in(Location directory, String name) {
        return new Location(directory.storage(), in(directory.key(), name));
    }

    /** Where an account's password lives: {@code USER/.xxftp/password}. */
    public static StorageKey password(String userName) {
        return in(StorageKey.ROOT.child(userName), PASSWORD);
    }
}
