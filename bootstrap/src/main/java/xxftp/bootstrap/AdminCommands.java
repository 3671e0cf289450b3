package xxftp.bootstrap;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import xxftp.domain.model.Permission;
import xxftp.domain.model.StorageKey;
import xxftp.domain.tree.ControlSyntax;
import xxftp.domain.tree.TreeAdmin;
import xxftp.domain.tree.TreeCheck;

/**
 * The admin commands: users, mounts, quotas and the tree checker, the same on a local tree and
 * in a bucket (they take the storage flags or the config file). Each writes only through the
 * storage port, in the tree's own format.
 */
final class AdminCommands {

    private AdminCommands() {}

    private static Set<Permission> permissions(String option, String text) {
        try {
            return ControlSyntax.permissions(text);
        } catch (ControlSyntax.Malformed malformed) {
            throw new UsageError(option, malformed.getMessage());
        }
    }

    private static String bytes(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "-";
    }

    @Command(name = "user", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Adds, lists and removes users (folders at the top of the tree).",
            subcommands = {UserAdd.class, UserList.class, UserRemove.class})
    static final class User {}

    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Makes the user NAME: its home folder, and the password, permission and quota given.")
    static final class UserAdd implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(paramLabel = "NAME", description = "letters, digits and _")
        String name;

        @Option(names = "--password-stdin", arity = "0..1", fallbackValue = "true",
                description = "read a password from standard input (without it the account needs none)")
        boolean passwordStdin;

        @Option(names = "--permission", paramLabel = "LIST", description = "read,write,modify or part of it (default all)")
        String permission;

        @Option(names = "--quota", paramLabel = "BYTES", description = "a byte limit for the home (default none)")
        Long quota;

        @Override
        public int run(Main.Console console, SettingSources sources) throws IOException {
            Optional<Set<Permission>> rights = Optional.ofNullable(permission).map(text -> permissions("--permission", text));
            if (quota != null && quota < 0) {
                throw new UsageError("--quota", "must be 0 or more bytes");
            }
            Optional<String> password = passwordStdin ? Optional.of(PasswdCommand.readPassword(console.in())) : Optional.empty();
            AdminTree tree = AdminTree.open(storage);
            tree.admin().addUser(name, password, rights, quota == null ? OptionalLong.empty() : OptionalLong.of(quota));
            console.out().println("User " + name + " added in " + tree.options().describe() + ".");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Lists the users: name, whether a password is set, permission, quota limit and use in bytes.")
    static final class UserList implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            PrintStream out = console.out();
            out.printf("%-20s %-8s %-18s %14s %14s%n", "NAME", "PASSWORD", "PERMISSION", "LIMIT", "USED");
            for (TreeAdmin.User user : AdminTree.open(storage).admin().users()) {
                out.printf("%-20s %-8s %-18s %14s %14d%n", user.name(), user.hasPassword() ? "yes" : "no",
                        user.permission().orElse("read,write,modify"), bytes(user.limit()), user.used());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Removes the user NAME; a home with files only with --with-files.")
    static final class UserRemove implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--with-files", arity = "0..1", fallbackValue = "true", description = "remove the home's files too")
        boolean withFiles;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree.open(storage).admin().removeUser(name, withFiles);
            console.out().println("User " + name + " removed.");
            return 0;
        }
    }

    @Command(name = "mount", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Adds, lists and removes virtual directories (lines of DIR/.xxftp/virtual).",
            subcommands = {MountAdd.class, MountList.class, MountRemove.class})
    static final class Mount {}

    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Shows TARGET as NAME inside DIR with its own PERMISSIONS; TARGET must exist.")
    static final class MountAdd implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(index = "0", paramLabel = "DIR", description = "a folder of the tree, such as alice")
        String directory;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Parameters(index = "2", paramLabel = "TARGET", description = "$root/path, /local/path, file:///path or s3://bucket/prefix")
        String target;

        @Parameters(index = "3", paramLabel = "PERMISSIONS", description = "read,write,modify or part of it")
        String rights;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree.open(storage).admin().addMount(AdminTree.directory(directory), name, target, permissions("PERMISSIONS", rights));
            console.out().println("Mount " + name + " -> " + target + " added in " + directory + ".");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Lists the mounts of DIR, or of every home.")
    static final class MountList implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(paramLabel = "DIR", arity = "0..1")
        String directory;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree tree = AdminTree.open(storage);
            List<StorageKey> directories = tree.directoryOrHomes(directory);
            for (StorageKey each : directories) {
                for (ControlSyntax.MountLine line : tree.admin().mounts(each)) {
                    console.out().println(each + " " + line.format());
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Removes the mount NAME from DIR.")
    static final class MountRemove implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(index = "0", paramLabel = "DIR")
        String directory;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree.open(storage).admin().removeMount(AdminTree.directory(directory), name);
            console.out().println("Mount " + name + " removed from " + directory + ".");
            return 0;
        }
    }

    @Command(name = "quota", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Shows and sets byte limits (DIR/.xxftp/size).", subcommands = {QuotaShow.class, QuotaSet.class})
    static final class Quota {}

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Shows the limit, use and free bytes of DIR, or of every home.")
    static final class QuotaShow implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(paramLabel = "DIR", arity = "0..1")
        String directory;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree tree = AdminTree.open(storage);
            List<StorageKey> directories = tree.directoryOrHomes(directory);
            console.out().printf("%-30s %14s %14s %14s%n", "DIR", "LIMIT", "USED", "FREE");
            for (StorageKey each : directories) {
                TreeAdmin.QuotaFigures figures = tree.admin().quota(each);
                console.out().printf("%-30s %14s %14d %14s%n", each, bytes(figures.limit()), figures.used(), bytes(figures.free()));
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Sets DIR's limit to BYTES (0: no limit).")
    static final class QuotaSet implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Parameters(index = "0", paramLabel = "DIR")
        String directory;

        @Parameters(index = "1", paramLabel = "BYTES")
        long bytes;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree.open(storage).admin().setQuota(AdminTree.directory(directory), bytes);
            console.out().println("Limit of " + directory + " set to " + (bytes == 0 ? "none" : bytes + " bytes") + ".");
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Reads every control file of the tree and reports each problem with its file and line;",
                    "exit code 1 if there is any. It only reads: safe beside a running server."})
    static final class Check implements Main.Work {
        @Mixin
        StorageFlags storage;

        @Override
        public int run(Main.Console console, SettingSources sources) {
            AdminTree tree = AdminTree.open(storage);
            List<TreeCheck.Problem> problems = tree.check().run();
            problems.forEach(problem -> console.out().println(problem));
            console.out().println(problems.isEmpty() ? "No problems in " + tree.options().describe() + "."
                    : problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + tree.options().describe() + ".");
            return problems.isEmpty() ? 0 : Main.EXIT_FAILURE;
        }
    }
}
