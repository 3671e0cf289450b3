package xxftp.domain.tree;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.port.Quota;

/**
 * Quota accounting in memory: each scope's usage is measured from its storage, kept current by
 * this server's own commits, and measured again after {@code remeasureAfter} so that files
 * written by other means are counted too. Measuring (a full listing on a bucket) runs outside
 * the ledger's lock: while a figure is known, uploads go on with it and the new measure is
 * merged when it arrives; only a scope never measured makes its first claim wait.
 */
public final class UsageQuota implements Quota {

    private static final Logger log = LoggerFactory.getLogger(UsageQuota.class);

    private final Clock clock;
    private final Duration remeasureAfter;
    private final Executor remeasuring;
    private final Map<Location, Ledger> ledgers = new HashMap<>();

    public UsageQuota(Clock clock, Duration remeasureAfter) {
        this(clock, remeasureAfter, task -> Thread.ofVirtual().name("quota-measure").start(task));
    }

    /** {@code remeasuring} runs the measures that refresh a known figure (tests pass a synchronous one). */
    UsageQuota(Clock clock, Duration remeasureAfter, Executor remeasuring) {
        this.clock = clock;
        this.remeasureAfter = remeasureAfter;
        this.remeasuring = remeasuring;
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
                    ledger.markStale();
                }
            }
        }
    }

    @Override
    public void freed(List<QuotaScope> scopes, long bytes) {
        synchronized (ledgers) {
            for (QuotaScope scope : scopes) {
                Ledger ledger = ledgers.get(scope.root());
                if (ledger != null) {
                    ledger.settle(0, -bytes);
                }
            }
        }
    }

    /** One scope's bytes: measured usage plus what running uploads have claimed. */
    private final class Ledger {
        private final Location root;
        /** Negative until the first measure. */
        private long used = -1;
        private Instant measuredAt = Instant.MIN;
        private boolean measuring;
        /** What this server committed while a measure ran, which that measure may not have seen. */
        private long committedWhileMeasuring;
        private long reserved;

        Ledger(Location root) {
            this.root = root;
        }

        void claim(long bytes, long limit, long freedOnCommit) {
            refresh();
            synchronized (this) {
                if (used + reserved + bytes - freedOnCommit > limit) {
                    throw new Failure.QuotaExceeded(root.key() + ": " + used + " used, " + reserved
                            + " reserved, " + bytes + " more asked, limit " + limit);
                }
                reserved += bytes;
            }
        }

        /**
         * Makes sure a figure is known, starting a measure when it is stale: in the background
         * when an older figure can serve meanwhile, here (others waiting) for the first one.
         */
        private void refresh() {
            while (true) {
                boolean background;
                synchronized (this) {
                    boolean stale = used < 0 || measuredAt.plus(remeasureAfter).isBefore(clock.instant());
                    if (!stale || measuring && used >= 0) {
                        return;
                    }
                    if (measuring) {
                        awaitMeasure();
                        continue;
                    }
                    measuring = true;
                    committedWhileMeasuring = 0;
                    background = used >= 0;
                }
                if (background) {
                    remeasuring.execute(this::measureQuietly);
                } else {
                    measure();
                }
                return;
            }
        }

        private void awaitMeasure() {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure.StorageUnavailable("interrupted while measuring " + root.key(), e);
            }
        }

        private void measure() {
            long measured;
            try {
                measured = root.storage().usage(root.key());
            } catch (RuntimeException e) {
                synchronized (this) {
                    measuring = false;
                    notifyAll();
                }
                throw e;
            }
            synchronized (this) {
                used = measured + committedWhileMeasuring;
                measuredAt = clock.instant();
                measuring = false;
                notifyAll();
            }
        }

        private void measureQuietly() {
            try {
                measure();
            } catch (RuntimeException e) {
                log.warn("Measuring the usage of {} failed; keeping the last figure: {}", root.key(), e.toString());
            }
        }

        synchronized void settle(long claimed, long committed) {
            reserved -= claimed;
            if (used >= 0) {
                used = Math.max(0, used + committed);
            }
            if (measuring) {
                committedWhileMeasuring += committed;
            }
        }

        /** The next claim measures again; until that measure arrives, the figure kept serves. */
        synchronized void markStale() {
            measuredAt = Instant.MIN;
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
