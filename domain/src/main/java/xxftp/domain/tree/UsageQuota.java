package xxftp.domain.tree;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.port.Quota;

/**
 * Quota accounting in memory: each scope's usage is measured from its storage, kept current by
 * this server's own commits, and measured again after {@code remeasureAfter} so that files
 * written by other means are counted too.
 */
public final class UsageQuota implements Quota {

    private final Clock clock;
    private final Duration remeasureAfter;
    private final Map<Location, Ledger> ledgers = new HashMap<>();

    public UsageQuota(Clock clock, Duration remeasureAfter) {
        this.clock = clock;
        this.remeasureAfter = remeasureAfter;
    }

    @Override
    public Reservation open(List<QuotaScope> scopes) {
        List<Ledger> scoped = new ArrayList<>();
        synchronized (ledgers) {
            for (QuotaScope scope : scopes) {
                scoped.add(ledgers.computeIfAbsent(scope.root(), Ledger::new));
            }
        }
        return new LedgerReservation(scopes, scoped);
    }

    @Override
    public void changed(List<QuotaScope> scopes) {
        synchronized (ledgers) {
            for (QuotaScope scope : scopes) {
                Ledger ledger = ledgers.get(scope.root());
                if (ledger != null) {
                    ledger.forgetUsage();
                }
            }
        }
    }

    /** One scope's bytes: measured usage plus what running uploads have claimed. */
    private final class Ledger {
        private final Location root;
        private long used = -1;
        private Instant measuredAt = Instant.MIN;
        private long reserved;

        Ledger(Location root) {
            this.root = root;
        }

        synchronized void claim(long bytes, long limit, long freedOnCommit) {
            Instant now = clock.instant();
            if (used < 0 || measuredAt.plus(remeasureAfter).isBefore(now)) {
                used = root.storage().usage(root.key());
                measuredAt = now;
            }
            if (used + reserved + bytes - freedOnCommit > limit) {
                throw new Failure.QuotaExceeded(root.key() + ": " + used + " used, " + reserved
                        + " reserved, " + bytes + " more asked, limit " + limit);
            }
            reserved += bytes;
        }

        synchronized void settle(long claimed, long committed) {
            reserved -= claimed;
            if (used >= 0) {
                used = Math.max(0, used + committed);
            }
        }

        synchronized void forgetUsage() {
            used = -1;
        }
    }

    private static final class LedgerReservation implements Reservation {
        private final List<QuotaScope> scopes;
        private final List<Ledger> ledgers;
        private long claimed;
        private long freedOnCommit;
        private boolean settled;

        LedgerReservation(List<QuotaScope> scopes, List<Ledger> ledgers) {
            this.scopes = scopes;
            this.ledgers = ledgers;
        }

        @Override
        public void claim(long bytes) {
            for (int i = 0; i < ledgers.size(); i++) {
                try {
                    ledgers.get(i).claim(bytes, scopes.get(i).limit(), freedOnCommit);
                } catch (Failure.QuotaExceeded exceeded) {
                    for (int j = 0; j < i; j++) {
                        ledgers.get(j).settle(bytes, 0);
                    }
                    throw exceeded;
                }
            }
            claimed += bytes;
        }

        @Override
        public void replacing(long bytes) {
            freedOnCommit = Math.max(0, bytes);
        }

        @Override
        public void commit(long freedBytes) {
            settle(claimed - freedBytes);
        }

        @Override
        public void close() {
            settle(0);
        }

        private void settle(long committed) {
            if (settled) {
                return;
            }
            settled = true;
            for (Ledger ledger : ledgers) {
                ledger.settle(claimed, committed);
            }
        }
    }
}
