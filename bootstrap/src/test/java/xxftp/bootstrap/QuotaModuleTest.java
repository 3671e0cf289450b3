package xxftp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xxftp.domain.model.Failure;
import xxftp.domain.tree.SharedQuota;
import xxftp.domain.tree.UsageQuota;
import xxftp.localfs.LocalStorage;
import xxftp.s3.InterceptedClient;
import xxftp.s3.S3Settings;
import xxftp.s3.S3Storage;
import xxftp.s3.S3TestServer;

/** Which quota a served tree gets: shared on a bucket that refuses a second create, per server otherwise. */
class QuotaModuleTest {

    private static final QuotaFlags.Settings FALLBACK = new QuotaFlags.Settings(false, Duration.ofMinutes(2));
    private static final QuotaFlags.Settings REQUIRED = new QuotaFlags.Settings(true, Duration.ofMinutes(2));

    @TempDir
    Path root;

    @Test
    void aBucketThatRefusesASecondCreateSharesQuotas() {
        S3Settings bucket = S3TestServer.get().freshPrefix();
        assertThat(new QuotaModule(REQUIRED).quota(Clock.systemUTC(), new S3Storage(S3TestServer.get().client(), bucket)))
                .isInstanceOf(SharedQuota.class);
    }

    @Test
    void aBucketThatOverwritesDespiteIfNoneMatchGetsPerServerQuotasOrNoStart() {
        S3Storage careless = new S3Storage(InterceptedClient.overwriting(S3TestServer.get().client()), S3TestServer.get().freshPrefix());
        assertThat(new QuotaModule(FALLBACK).quota(Clock.systemUTC(), careless)).isInstanceOf(UsageQuota.class);
        assertThatThrownBy(() -> new QuotaModule(REQUIRED).quota(Clock.systemUTC(), careless))
                .isInstanceOf(Failure.StorageUnavailable.class).hasMessageContaining("--require-shared-quota");
    }

    @Test
    void aDiskKeepsPerServerQuotas() {
        assertThat(new QuotaModule(REQUIRED).quota(Clock.systemUTC(), new LocalStorage(root))).isInstanceOf(UsageQuota.class);
    }

    @Test
    void theLeaseFlagIsChecked() {
        QuotaFlags flags = new QuotaFlags();
        flags.leaseSeconds = 2;
        assertThatThrownBy(flags::settings).isInstanceOf(UsageError.class).hasMessage("--quota-lease must be 3-86400, not 2");
        flags.leaseSeconds = 30;
        assertThat(flags.settings().lease()).isEqualTo(Duration.ofSeconds(30));
    }
}
