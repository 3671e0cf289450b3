package xxftp.domain.tree;

import java.time.Duration;

/**
 * How a quota shared through ledgers behaves. {@code lease}: how long a hold lasts unless its
 * server renews it (what a crashed server's uploads keep from others); {@code chunkBytes}: the
 * most one ledger write holds, so that large uploads write rarely; {@code remeasureAfter}: how
 * old a scope's measured usage may be; {@code patience}: how long a claim may wait for other
 * uploads' holds to end before it is refused.
 */
public record LedgerQuotaSettings(Duration lease, long chunkBytes, Duration remeasureAfter, Duration patience) {

    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    public static final long DEFAULT_CHUNK_BYTES = 64L << 20;
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(3);

    public LedgerQuotaSettings {
        if (lease.toMillis() < 3 || chunkBytes < 1 || remeasureAfter.isNegative() || patience.isNegative()) {
            throw new IllegalArgumentException("lease " + lease + ", chunk " + chunkBytes + ", remeasure " + remeasureAfter
                    + ", patience " + patience);
        }
    }

    /** Releases count until every server has measured since; a lease more for servers that were busy. */
    Duration keepReleases() {
        return remeasureAfter.multipliedBy(2).plus(lease);
    }

    /** How often held bytes are renewed: three times a lease, so one lost renewal costs nothing. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
