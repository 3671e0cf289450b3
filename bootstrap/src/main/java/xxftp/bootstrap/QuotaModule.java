package xxftp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.port.Quota;
import xxftp.domain.port.Storage;
import xxftp.domain.tree.LedgerQuotaSettings;
import xxftp.domain.tree.SharedQuota;
import xxftp.domain.tree.UsageQuota;
import xxftp.s3.S3Ledger;
import xxftp.s3.S3Storage;

/**
 * The quota of a served tree: on a bucket, shared with every server serving it through each
 * scope's ledger, once the store has shown that it refuses a second create of a key; on a disk
 * (or a store that fails that probe), counted in this process as before.
 */
final class QuotaModule extends AbstractModule {

    private static final Logger log = LoggerFactory.getLogger(QuotaModule.class);

    private final QuotaFlags.Settings settings;

    QuotaModule(QuotaFlags.Settings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    Quota quota(Clock clock, Storage root) {
        UsageQuota inProcess = new UsageQuota(clock, ServerModule.QUOTA_REMEASURE_AFTER);
        if (!(root instanceof S3Storage bucket)) {
            return inProcess;
        }
        if (!new S3Ledger(bucket).refusesSecondCreate()) {
            String problem = "bucket " + bucket.bucketName() + " accepted a second create of one key despite If-None-Match: *,"
                    + " so several servers on it can't share quotas";
            if (settings.requireShared()) {
                throw new Failure.StorageUnavailable(problem + " (--require-shared-quota)", null);
            }
            log.warn("{}; each server counts quotas on its own (single-node quotas; --require-shared-quota refuses to start)",
                    problem);
            return inProcess;
        }
        LedgerQuotaSettings ledgers = new LedgerQuotaSettings(settings.lease(), LedgerQuotaSettings.DEFAULT_CHUNK_BYTES,
                ServerModule.QUOTA_REMEASURE_AFTER, LedgerQuotaSettings.DEFAULT_PATIENCE);
        SharedQuota shared = new SharedQuota(
                storage -> storage instanceof S3Storage s3 ? Optional.of(new S3Ledger(s3)) : Optional.empty(),
                inProcess, ledgers, clock);
        Thread.ofPlatform().daemon().name("quota-leases").start(() -> renew(shared, ledgers));
        log.info("Quotas in bucket {} are shared with every server on it (holds lapse {} s after their server stops)",
                bucket.bucketName(), settings.lease().toSeconds());
        return shared;
    }

    private static void renew(SharedQuota shared, LedgerQuotaSettings ledgers) {
        while (true) {
            try {
                Thread.sleep(ledgers.renewEvery());
            } catch (InterruptedException e) {
                return;
            }
            shared.renewLeases();
        }
    }
}
