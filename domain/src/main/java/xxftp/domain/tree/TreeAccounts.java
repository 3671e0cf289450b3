package xxftp.domain.tree;

import java.util.Optional;
import java.util.regex.Pattern;
import xxftp.domain.model.Account;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Accounts;
import xxftp.domain.port.Greetings;
import xxftp.domain.port.Storage;

/** Accounts read from the tree: a user exists iff ROOT/NAME/ is a directory. */
public final class TreeAccounts implements Accounts, Greetings {

    public static final String ANONYMOUS = "anonymous";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Storage root;
    private final TreeFiles files;
    private final PasswordCheck passwords;

    public TreeAccounts(Storage root, TreeFiles files, PasswordCheck passwords) {
        this.root = root;
        this.files = files;
        this.passwords = passwords;
    }

    @Override
    public boolean isValidName(String userName) {
        return userName.isEmpty() || isUserName(userName);
    }

    /** Whether a folder name makes a user: letters, digits and _, at most 64 (XXFTP-TREE.md). */
    public static boolean isUserName(String name) {
        return USER_NAME.matcher(name).matches();
    }

    @Override
    public Optional<Account> find(String userName) {
        if (!isValidName(userName)) {
            return Optional.empty();
        }
        String name = userName.isEmpty() || userName.equalsIgnoreCase(ANONYMOUS) ? ANONYMOUS : userName;
        Location home = new Location(root, StorageKey.ROOT.child(name));
        try {
            return root.stat(home.key()).isDirectory() ? Optional.of(new Account(name, home)) : Optional.empty();
        } catch (Failure.NotFound missing) {
            return Optional.empty();
        }
    }

    @Override
    public boolean needsPassword(Account account) {
        return storedPassword(account).isPresent();
    }

    @Override
    public boolean passwordMatches(Account account, String password) {
        return storedPassword(account).map(stored -> passwords.matches(account.name(), stored, password)).orElse(true);
    }

    /**
     * The password file's text. Something there that is not a readable file (a folder, say)
     * counts as a password nothing matches: only a truly absent file opens an account.
     */
    private Optional<String> storedPassword(Account account) {
        Location file = passwordFile(account);
        Optional<String> text = files.read(file);
        if (text.isPresent()) {
            return text;
        }
        try {
            file.storage().stat(file.key());
            return Optional.of("");
        } catch (Failure.NotFound absent) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> welcome() {
        return files.read(new Location(root, StorageKey.ROOT.child(ControlFiles.WELCOME)));
    }

    @Override
    public Optional<String> goodbye() {
        return files.read(new Location(root, StorageKey.ROOT.child(ControlFiles.GOODBYE)));
    }

    /**
     * Sets a user's password (the passwd tool): a salted slow hash, written through the storage
     * port in one atomic replace, so a server reading it meanwhile sees the old or the new file.
     */
    public void setPassword(String userName, String password) {
        Account account = find(userName).orElseThrow(() -> new Failure.NotFound("no user " + userName));
        files.replace(passwordFile(account), PasswordHash.create(password) + "\n");
    }

    private static Location passwordFile(Account account) {
        return new Location(account.home().storage(), ControlFiles.password(account.name()));
    }
}
