package xxftp.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Storage;
import xxftp.domain.tree.PasswordCheck;
import xxftp.domain.tree.TreeAccounts;
import xxftp.domain.tree.TreeFiles;
import xxftp.ftp.FtpServer;

/** The command line: {@code xxftp serve ...} and {@code xxftp passwd ...}. */
public final class Main {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String HELP = """
            Usage: xxftp serve [options]         serve an xxftp tree over FTP (xxftp serve --help)
                   xxftp passwd --root DIR USER  set USER's password, read from standard input
                                                 (xxftp passwd --help for a bucket's flags)
            """;

    static final String PASSWD_HELP = """
            Usage: xxftp passwd [--root DIR | --backend s3 --s3-bucket NAME ...] USER

            Sets the password of USER (the folder USER at the top of the tree) to one read from
            standard input (asked twice, without echo, on a terminal). It is stored as a salted
            PBKDF2-SHA256 hash in USER/.xxftp/password.
            """ + StorageOptions.HELP;

    private Main() {}

    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.in, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty()) {
                err.print(HELP);
                return EXIT_USAGE;
            }
            List<String> rest = args.subList(1, args.size());
            boolean help = rest.contains("--help") || rest.contains("-h");
            return switch (args.getFirst()) {
                case "serve" -> help ? print(out, ServeOptions.HELP) : serve(ServeOptions.parse(rest), out);
                case "passwd" -> help ? print(out, PASSWD_HELP) : passwd(rest, in, out);
                case "--help", "-h", "help" -> print(out, HELP);
                default -> throw new UsageError("unknown command '" + args.getFirst() + "' (try xxftp --help)");
            };
        } catch (UsageError e) {
            err.println("xxftp: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException | Failure e) {
            err.println("xxftp: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (ProvisionException e) {
            // a storage that fails while being set up (an unreachable bucket) arrives wrapped by Guice
            if (e.getCause() instanceof Failure failure) {
                err.println("xxftp: " + failure.getMessage());
                return EXIT_FAILURE;
            }
            throw e;
        }
    }

    private static int print(PrintStream out, String text) {
        out.print(text);
        return 0;
    }

    private static int serve(ServeOptions options, PrintStream out) throws IOException {
        if (options.createStarterTree()) {
            StarterTree.create(ServeOptions.DEFAULT_ROOT);
            out.println("Created a starter tree in " + ServeOptions.DEFAULT_ROOT.toAbsolutePath());
        }
        Injector injector = Guice.createInjector(new StorageModule(options.storage()), new ServerModule(options.ftp()));
        FtpServer server = injector.getInstance(FtpServer.class);
        InetSocketAddress bound;
        try {
            bound = server.start();
        } catch (IOException e) {
            throw new IOException("can't listen on " + options.ftp().listen() + ": " + e.getMessage(), e);
        }
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        out.println("xxftp serving " + describe(options.storage()) + " on " + bound);
        out.println("Connect:  curl ftp://" + host + ":" + bound.getPort() + "/");
        server.implicitTlsAddress().ifPresent(implicit -> out.println("Implicit FTPS on " + implicit));
        out.println("Upload:   curl -T FILE ftp://" + host + ":" + bound.getPort() + "/incoming/");
        out.println("Stop with Ctrl-C.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String describe(StorageOptions storage) {
        return switch (storage) {
            case StorageOptions.Local local -> local.root().toAbsolutePath().toString();
            case StorageOptions.S3 s3 -> "s3://" + s3.settings().bucket() + "/" + s3.settings().prefix();
        };
    }

    private static int passwd(List<String> args, InputStream in, PrintStream out) throws IOException {
        Flags flags = Flags.parse(args, StorageOptions.VALUED, StorageOptions.SWITCHES);
        StorageOptions options = StorageOptions.parse(flags, Optional.empty());
        if (flags.positional().size() != 1) {
            throw new UsageError("passwd needs exactly one USER");
        }
        String user = flags.positional().getFirst();
        Storage storage = Guice.createInjector(new StorageModule(options)).getInstance(Storage.class);
        if (!user.matches("[A-Za-z0-9_]{1,64}") || !isFolder(storage, StorageKey.ROOT.child(user))) {
            throw new UsageError("no user '" + user + "' in " + describe(options) + " (a user is a folder NAME at the top)");
        }
        String password = readPassword(in, out);
        new TreeAccounts(storage, new TreeFiles(Clock.systemUTC(), Duration.ZERO), PasswordCheck.forThisMachine(Clock.systemUTC()))
                .setPassword(user, password);
        out.println("Password set for " + user + ".");
        return 0;
    }

    private static boolean isFolder(Storage storage, StorageKey key) {
        try {
            return storage.stat(key).isDirectory();
        } catch (Failure.NotFound missing) {
            return false;
        }
    }

    /**
     * Since JDK 22 {@code System.console()} exists even when input is piped; {@code isTerminal()}
     * (JDK 22+) tells, and on JDK 21 a console exists only for a terminal.
     */
    private static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException jdk21) {
            return true;
        }
    }

    private static String readPassword(InputStream in, PrintStream out) throws IOException {
        var console = System.console();
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
