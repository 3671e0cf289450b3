package xxftp.bootstrap;

import com.google.inject.ProvisionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import xxftp.domain.model.Failure;
import xxftp.ftp.FtpTls;

/**
 * The command line ({@code xxftp serve}, {@code xxftp passwd}, ...), read with picocli. Each
 * command's settings may also come from the environment and a configuration file
 * ({@link SettingSources}). A bad command line or setting is one line and exit code 2; a
 * failure to start or to do the work is one line and exit code 1.
 */
public final class Main {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    /** What every command does once its settings are parsed. */
    interface Work {
        int run(Console console, SettingSources sources) throws IOException;
    }

    /** The process's streams, so that tests can give their own. */
    record Console(InputStream in, PrintStream out, PrintStream err) {}

    @Command(name = "xxftp", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "An FTP server whose accounts, mounts, permissions and quotas are files in the served tree.",
            subcommands = {ServeCommand.class, PasswdCommand.class, AdminCommands.User.class, AdminCommands.Mount.class,
                    AdminCommands.Quota.class, AdminCommands.Check.class, TlsCommands.Tls.class,
                    AutoComplete.GenerateCompletion.class})
    static final class Root {}

    /** {@code --version}: the version Maven built. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                properties.load(in);
            } catch (IOException | NullPointerException e) {
                return new String[] {"xxftp (version unknown)"};
            }
            return new String[] {"xxftp " + properties.getProperty("version")};
        }
    }

    private Main() {}

    public static void main(String[] args) {
        FtpTls.requireCloseNotify();
        // the S3 client's threads must not keep a stopped server alive
        System.exit(run(List.of(args), new Console(System.in, System.out, System.err), System.getenv()));
    }

    static int run(List<String> args, Console console, Map<String, String> environment) {
        CommandLine root = new CommandLine(new Root());
        root.setOut(new PrintWriter(console.out(), true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(console.err(), true, StandardCharsets.UTF_8));
        if (args.isEmpty()) {
            root.usage(console.err());
            return EXIT_USAGE;
        }
        // the command the leading words name: "serve", "user add", ...
        CommandLine command = root;
        int words = 0;
        while (words < args.size() && command.getSubcommands().containsKey(args.get(words))) {
            command = command.getSubcommands().get(args.get(words++));
        }
        if (words == 0) {
            return runRoot(root, args, console);
        }
        SettingSources sources;
        try {
            sources = parse(root, command, args, words, environment);
        } catch (UsageError e) {
            return usage(console, e.getMessage());
        }
        if (command.isUsageHelpRequested()) {
            command.usage(console.out());
            return 0;
        }
        if (command.isVersionHelpRequested()) {
            command.printVersionHelp(console.out());
            return 0;
        }
        Object work = command.getCommand();
        if (work instanceof Runnable generated) {
            generated.run();
            return 0;
        }
        if (!(work instanceof Work runnable)) {
            // a group of commands ("user") named alone
            command.usage(console.err());
            return EXIT_USAGE;
        }
        try {
            return runnable.run(console, sources);
        } catch (UsageError e) {
            return usage(console, sources.explain(e));
        } catch (IOException | UncheckedIOException | Failure e) {
            console.err().println("xxftp: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (ProvisionException e) {
            // a storage that fails while being set up (an unreachable bucket) arrives wrapped by Guice
            if (e.getCause() instanceof Failure failure) {
                console.err().println("xxftp: " + failure.getMessage());
                return EXIT_FAILURE;
            }
            throw e;
        }
    }

    /**
     * Parses the command's settings, from the file, the environment and the command line, into
     * the command object; a bad one is a {@link UsageError} that says where it came from.
     */
    private static SettingSources parse(CommandLine root, CommandLine command, List<String> args, int words,
                                        Map<String, String> environment) {
        SettingSources sources = SettingSources.layer(command.getCommandSpec(), everyOption(root),
                args.subList(words, args.size()), environment);
        root.setOverwrittenOptionsAllowed(true);
        List<String> layered = new ArrayList<>(args.subList(0, words));
        layered.addAll(List.of(sources.arguments()));
        try {
            root.parseArgs(layered.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageError(sources.explain(e));
        }
        sources.reparsedBy(() -> reparse(args, words, environment));
        return sources;
    }

    /** The same command line parsed again, its file and environment read anew (a reload). */
    private static Object reparse(List<String> args, int words, Map<String, String> environment) {
        CommandLine root = new CommandLine(new Root());
        CommandLine command = root;
        for (String word : args.subList(0, words)) {
            command = command.getSubcommands().get(word);
        }
        parse(root, command, args, words, environment);
        return command.getCommand();
    }

    /** {@code xxftp --help}, {@code xxftp --version}, or an unknown command. */
    private static int runRoot(CommandLine root, List<String> args, Console console) {
        try {
            root.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return usage(console, "unknown command '" + args.getFirst() + "' (try xxftp --help)");
        }
        if (root.isVersionHelpRequested()) {
            root.printVersionHelp(console.out());
        } else {
            root.usage(console.out());
        }
        return 0;
    }

    private static int usage(Console console, String message) {
        console.err().println("xxftp: " + message);
        return EXIT_USAGE;
    }

    private static Set<String> everyOption(CommandLine command) {
        Set<String> names = new HashSet<>();
        command.getCommandSpec().options().forEach(option -> names.addAll(List.of(option.names())));
        for (CommandLine sub : command.getSubcommands().values()) {
            names.addAll(everyOption(sub));
        }
        return names;
    }
}
