package xxftp.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Backends;
import xxftp.domain.port.Storage;
import xxftp.domain.tree.PasswordCheck;
import xxftp.domain.tree.TreeAccounts;
import xxftp.domain.tree.TreeAdmin;
import xxftp.domain.tree.TreeCheck;
import xxftp.domain.tree.TreeFiles;
import xxftp.domain.tree.TreeNamespace;

/** The tree the admin commands work on, opened from the storage flags as the server opens it. */
record AdminTree(StorageOptions options, TreeAccounts accounts, TreeAdmin admin, TreeCheck check) {

    static AdminTree open(StorageFlags flags) {
        StorageOptions options = flags.options(Optional.empty());
        Injector injector = Guice.createInjector(new StorageModule(options));
        Storage root = injector.getInstance(Storage.class);
        // no cache: an admin command reads what is stored now
        TreeFiles files = new TreeFiles(Clock.systemUTC(), Duration.ZERO);
        TreeAccounts accounts = new TreeAccounts(root, files, PasswordCheck.forThisMachine(Clock.systemUTC()));
        TreeNamespace namespace = new TreeNamespace(root, files, injector.getInstance(Backends.class));
        return new AdminTree(options, accounts, new TreeAdmin(root, files, accounts, namespace), new TreeCheck(root, namespace));
    }

    /** The folder an admin named, or every home when none was named. */
    List<StorageKey> directoryOrHomes(String spelling) {
        return spelling != null ? List.of(directory(spelling))
                : admin.users().stream().map(user -> StorageKey.ROOT.child(user.name())).toList();
    }

    /** A folder of the tree as an admin names it ("alice", "alice/sub"). */
    static StorageKey directory(String spelling) {
        try {
            return StorageKey.parse(spelling);
        } catch (Failure.InvalidName e) {
            throw new UsageError("'" + spelling + "' is not a folder of the tree");
        }
    }
}
