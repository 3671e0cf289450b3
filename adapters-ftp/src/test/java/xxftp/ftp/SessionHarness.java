package xxftp.ftp;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import xxftp.domain.model.Account;
import xxftp.domain.port.Accounts;
import xxftp.domain.port.Greetings;
import xxftp.domain.tree.UserTree;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.guard.Guard;
import xxftp.ftp.guard.GuardSettings;

/**
 * A session with no socket: command lines go in through the {@link Dispatcher}, and what the
 * session's {@link ReplyWriter} wrote comes back as the text a client would read. The
 * logged-in user's tree is a Mockito mock, so a test says what the domain answers.
 */
final class SessionHarness {

    static final InetAddress CLIENT_V4 = address("127.0.0.1");
    static final InetAddress CLIENT_V6 = address("::1");

    /** alice has the password "secret"; bob needs none; anyone else is unknown. */
    static final Accounts ACCOUNTS = new Accounts() {
        @Override
        public boolean isValidName(String userName) {
            return userName.matches("\\w*");
        }

        @Override
        public Optional<Account> find(String userName) {
            // the adapter never looks at a home: no storage behind it
            return userName.equals("alice") || userName.equals("bob") ? Optional.of(new Account(userName, null)) : Optional.empty();
        }

        @Override
        public boolean needsPassword(Account account) {
            return account.name().equals("alice");
        }

        @Override
        public boolean passwordMatches(Account account, String password) {
            return !needsPassword(account) || password.equals("secret");
        }
    };

    private static final Greetings NO_GREETINGS = new Greetings() {
        @Override
        public Optional<String> welcome() {
            return Optional.empty();
        }

        @Override
        public Optional<String> goodbye() {
            return Optional.empty();
        }
    };

    final UserTree tree = mock(UserTree.class);
    /** What the session told its listener, in order. */
    final List<FtpEvent> events = new CopyOnWriteArrayList<>();
    final Session session;
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final Dispatcher dispatcher;
    private int read;

    /** One timer thread for every harness, as a server has one for all its sessions. */
    private static final ScheduledExecutorService TIMERS =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());

    SessionHarness() {
        this(CommandTable.standard(), config(Optional.empty()), CLIENT_V4);
    }

    /** The control connection runs between {@code peer} and the same address on our side. */
    SessionHarness(CommandTable commands, FtpConfig config, InetAddress peer) {
        Services services = new Services(config, ACCOUNTS, NO_GREETINGS, null, null, commands,
                new PassivePorts(config.passivePorts()), new Guard(config.guard(), Clock.systemUTC()), TIMERS, events::add);
        session = new Session(services, new ReplyWriter(wire), 7, peer, peer, DataPeer.of(config.proxy(), peer, peer));
        dispatcher = new Dispatcher(commands, session);
    }

    static FtpConfig config(Optional<FtpTls> tls) {
        return new FtpConfig(new InetSocketAddress(0), FtpConfig.PortRange.ANY, Optional.empty(), 10,
                Duration.ofMinutes(1), Duration.ofSeconds(5), tls, GuardSettings.DEFAULTS);
    }

    /** A harness whose user is logged in, with {@link #tree} as the tree. */
    static SessionHarness loggedIn() {
        SessionHarness harness = new SessionHarness();
        harness.logIn();
        return harness;
    }

    void logIn() {
        when(tree.account()).thenReturn(new Account("alice", null));
        session.login().loggedIn(tree);
    }

    /** Dispatches one line; returns what was written since the last look (a transfer may add its reply later). */
    String send(String line) {
        try {
            dispatcher.dispatch(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written();
    }

    /** Dispatches one line and waits for a transfer it started; returns every reply written since the last look. */
    String sendAndAwait(String line) {
        String replies = send(line);
        session.transfers().await();
        return replies + written();
    }

    /** What the writer wrote since the last look. */
    synchronized String written() {
        String all = wire.toString(StandardCharsets.UTF_8);
        String fresh = all.substring(read);
        read = all.length();
        return fresh;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
