package xxftp.bootstrap;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import xxftp.domain.model.Failure;
import xxftp.domain.tree.TreeAccounts;

/** {@code xxftp passwd USER}: sets a password, read from standard input. */
@Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Sets the password of USER (the folder USER at the top of the tree) to one read from",
                "standard input (asked twice, without echo, on a terminal). It is stored as a salted",
                "PBKDF2-SHA256 hash in USER/.xxftp/password."})
final class PasswdCommand implements Main.Work {

    @Mixin
    StorageFlags storage;

    @Parameters(paramLabel = "USER", description = "the user (a folder at the top of the tree)")
    String user;

    @Override
    public int run(Main.Console console, SettingSources sources) throws IOException {
        AdminTree tree = AdminTree.open(storage);
        TreeAccounts accounts = tree.accounts();
        StorageOptions options = tree.options();
        if (!accounts.isValidName(user) || user.isEmpty() || accounts.find(user).filter(a -> a.name().equals(user)).isEmpty()) {
            throw new UsageError("no user '" + user + "' in " + options.describe() + " (a user is a folder NAME at the top)");
        }
        String password = readPassword(console.in());
        try {
            accounts.setPassword(user, password);
        } catch (Failure.NotFound gone) {
            throw new UsageError("no user '" + user + "' in " + options.describe());
        }
        console.out().println("Password set for " + user + ".");
        return 0;
    }

    /**
     * Since JDK 22 {@code System.console()} exists even when input is piped; {@code isTerminal()}
     * (JDK 22+) tells, and on JDK 21 a console exists only for a terminal.
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException jdk21) {
            return true;
        }
    }

    /** A password from the terminal (asked twice, without echo) or the first line of standard input. */
    static String readPassword(InputStream in) throws IOException {
        Console console = System.console();
        String password;
        if (isTerminal(console)) {
            char[] first = console.readPassword("New password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new UsageError("the passwords differ");
            }
            password = new String(first);
        } else {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.isEmpty()) {
            throw new UsageError("empty password");
        }
        return password;
    }
}
