package xxftp.bootstrap;

import java.time.Duration;
import picocli.CommandLine.Option;
import xxftp.domain.tree.LedgerQuotaSettings;

/** {@code serve}'s quota settings for several servers on one bucket (README "Several nodes: quotas"). */
final class QuotaFlags {

    @Option(names = "--require-shared-quota", arity = "0..1", fallbackValue = "true",
            description = "refuse to start when the bucket can't hold quotas shared by several servers (a store that"
                    + " ignores If-None-Match); without it such a store gets per-server quotas and a warning")
    boolean requireShared;

    @Option(names = "--quota-lease", paramLabel = "SECONDS",
            description = "how long an upload's hold on quota lasts unless its server renews it: what a crashed server"
                    + " keeps from the others (default ${DEFAULT-VALUE})")
    long leaseSeconds = LedgerQuotaSettings.DEFAULT_LEASE.toSeconds();

    /** The checked settings. */
    record Settings(boolean requireShared, Duration lease) {}

    Settings settings() {
        if (leaseSeconds < 3 || leaseSeconds > 86_400) {
            throw new UsageError("--quota-lease", "must be 3-86400, not " + leaseSeconds);
        }
        return new Settings(requireShared, Duration.ofSeconds(leaseSeconds));
    }
}
