package xxftp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import xxftp.domain.Accounts;
import xxftp.domain.Backends;
import xxftp.domain.Greetings;
import xxftp.domain.Namespace;
import xxftp.domain.Quota;
import xxftp.domain.Storage;
import xxftp.domain.TreeAccounts;
import xxftp.domain.TreeFiles;
import xxftp.domain.TreeNamespace;
import xxftp.domain.UsageQuota;
import xxftp.ftp.FtpConfig;
import xxftp.ftp.FtpServer;

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

    ServerModule(FtpConfig ftp) {
        this.ftp = ftp;
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
    TreeAccounts accounts(Storage root, TreeFiles files) {
        return new TreeAccounts(root, files);
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
        return new FtpServer(config, accounts, greetings, namespace, quota);
    }
}
