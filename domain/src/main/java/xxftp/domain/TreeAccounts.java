package xxftp.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Accounts read from the tree: a user exists iff ROOT/NAME/ is a directory. */
public final class TreeAccounts implements Accounts, Greetings {

    public static final String ANONYMOUS = "anonymous";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Storage root;
    private final TreeFiles files;

    public TreeAccounts(Storage root, TreeFiles files) {
        this.root = root;
        this.files = files;
    }

    @Override
    public boolean isValidName(String userName) {
        return userName.isEmpty() || USER_NAME.matcher(userName).matches();
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
        return storedPassword(account).map(stored -> PasswordHash.matches(stored, password)).orElse(true);
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
        return files.read(new Location(root, StorageKey.ROOT.child("xxftp.welcome")));
    }

    @Override
    public Optional<String> goodbye() {
        return files.read(new Location(root, StorageKey.ROOT.child("xxftp.goodbye")));
    }

    /** Where an account's password lives, for the passwd tool. */
    public static StorageKey passwordKey(String userName) {
        return StorageKey.ROOT.child(userName).child(".xxftp").child("password");
    }

    private static Location passwordFile(Account account) {
        return new Location(account.home().storage(), passwordKey(account.name()));
    }
}
