package xxftp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import xxftp.domain.port.Accounts;
import xxftp.domain.port.Backends;
import xxftp.domain.port.Greetings;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Quota;
import xxftp.domain.port.Storage;
import xxftp.domain.tree.PasswordCheck;
import xxftp.domain.tree.TreeAccounts;
import xxftp.domain.tree.TreeFiles;
import xxftp.domain.tree.TreeNamespace;
import xxftp.domain.tree.UsageQuota;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpServer;
import xxftp.ftp.events.FtpListener;

/**
 * Wires the tree's policies and the FTP adapter over whichever root {@link Storage} a backend
 * module provides.
 */
final class ServerModule extends AbstractModule {

    /** An administrator's edit to a .xxftp file is seen within this time. */
    static final Duration CONFIG_FRESH_FOR = Duration.ofSeconds(2);
    /** Files written by other means are counted in quotas within this time. */
    static final Duration QUOTA_REMEASURE_AFTER = Duration.ofMinutes(1);

    private final FtpConfig ftp;
    private final FtpListener listener;

    /** {@code listener}: told of what sessions do (metrics, the transfer log, hooks). */
    ServerModule(FtpConfig ftp, FtpListener listener) {
        this.ftp = ftp;
        this.listener = listener;
    }

    @Override
    protected void configure() {
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(FtpConfig.class).toInstance(ftp);
        bind(Accounts.class).to(TreeAccounts.class);
        bind(Greetings.class).to(TreeAccounts.class);
    }

    @Provides
    @Singleton
    TreeFiles treeFiles(Clock clock) {
        return new TreeFiles(clock, CONFIG_FRESH_FOR);
    }

    @Provides
    @Singleton
    TreeAccounts accounts(Storage root, TreeFiles files, Clock clock) {
        return new TreeAccounts(root, files, PasswordCheck.forThisMachine(clock));
    }

    @Provides
    @Singleton
    Namespace namespace(Storage root, TreeFiles files, Backends backends) {
        return new TreeNamespace(root, files, backends);
    }

    @Provides
    @Singleton
    Quota quota(Clock clock) {
        return new UsageQuota(clock, QUOTA_REMEASURE_AFTER);
    }

    @Provides
    @Singleton
    FtpServer server(FtpConfig config, Accounts accounts, Greetings greetings, Namespace namespace, Quota quota) {
        return new FtpServer(config, accounts, greetings, namespace, quota, listener);
    }
}
