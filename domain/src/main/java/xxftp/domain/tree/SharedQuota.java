package xxftp.domain.tree;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.QuotaScope;
import xxftp.domain.port.Ledger;
import xxftp.domain.port.Quota;
import xxftp.domain.port.Storage;

/**
 * A quota that every server sharing a store enforces together: scopes in a storage with a
 * {@link Ledger} hold their bytes there, a chunk at a time ({@link LedgerScope}), and claims
 * are served from the chunks this server holds; scopes elsewhere (a local disk) are counted
 * in memory by {@link UsageQuota} alone, as on a single server. Holds lapse after a lease
 * unless {@link #renewLeases()} renews them, so a crashed server's space comes back.
 */
public final class SharedQuota implements Quota {

    private static final Logger log = LoggerFactory.getLogger(SharedQuota.class);

    private final Function<Storage, Optional<Ledger>> ledgers;
    private final UsageQuota local;
    private final LedgerQuotaSettings settings;
    private final Clock clock;
    /** Names this server in ledgers; new at every start, so a restarted server never renews its old holds. */
    private final String node = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Map<Location, LedgerScope> scopes = new HashMap<>();
    private final Set<SharedReservation> open = ConcurrentHashMap.newKeySet();

    public SharedQuota(Function<Storage, Optional<Ledger>> ledgers, UsageQuota local, LedgerQuotaSettings settings, Clock clock) {
        this.ledgers = ledgers;
        this.local = local;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Reservation open(List<QuotaScope> wanted) {
        List<QuotaScope> inMemory = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        for (QuotaScope scope : wanted) {
            Optional<LedgerScope> shared = shared(scope.root());
            if (shared.isPresent()) {
                parts.add(new Part(shared.get(), scope.limit(), new LedgerScope.Hold(node)));
            } else {
                inMemory.add(scope);
            }
        }
        SharedReservation reservation = new SharedReservation(local.open(inMemory), parts);
        if (!parts.isEmpty()) {
            open.add(reservation);
        }
        return reservation;
    }

    @Override
    public void changed(List<QuotaScope> changed) {
        local.changed(changed);
        changed.forEach(scope -> shared(scope.root()).ifPresent(LedgerScope::markStale));
    }

    @Override
    public void freed(List<QuotaScope> freed, long bytes) {
        local.freed(freed, bytes);
        freed.forEach(scope -> shared(scope.root()).ifPresent(shared -> shared.freed(bytes)));
    }

    /** Renews the lease of every hold of the running uploads; call it every {@link LedgerQuotaSettings#renewEvery()}. */
    public void renewLeases() {
        for (SharedReservation reservation : open) {
            for (Part part : reservation.parts) {
                synchronized (part.hold) {
                    if (part.hold.held > 0) {
                        try {
                            part.scope.renew(part.hold);
                        } catch (Failure failure) {
                            log.warn("Renewing a quota hold failed; it lapses at {} unless a later renewal works: {}",
                                    part.hold.expiry, failure.toString());
                        }
                    }
                }
            }
        }
    }

    private Optional<LedgerScope> shared(Location root) {
        Optional<Ledger> ledger = ledgers.apply(root.storage());
        if (ledger.isEmpty()) {
            return Optional.empty();
        }
        synchronized (scopes) {
            return Optional.of(scopes.computeIfAbsent(root, where -> new LedgerScope(ledger.get(), where, settings, clock)));
        }
    }

    /** A reservation's share of one scope. */
    private record Part(LedgerScope scope, long limit, LedgerScope.Hold hold) {

        void claim(long bytes, long replacing, Clock clock) {
            synchronized (hold) {
                if (hold.held > 0 && hold.expiry.isBefore(clock.instant())) {
                    // other servers may have handed out these bytes already
                    throw new Failure.StorageUnavailable("the quota hold of " + hold.owner + " lapsed at " + hold.expiry, null);
                }
                if (hold.claimed + bytes > hold.held) {
                    scope.grow(hold, hold.claimed + bytes - hold.held, limit, replacing);
                }
                hold.claimed += bytes;
            }
        }

        void unclaim(long bytes) {
            synchronized (hold) {
                hold.claimed -= bytes;
            }
        }

        void release(long committed) {
            synchronized (hold) {
                try {
                    scope.release(hold, committed);
                } catch (Failure failure) {
                    log.warn("Releasing a quota hold failed; it lapses at {}: {}", hold.expiry, failure.toString());
                }
            }
        }
    }

    private final class SharedReservation implements Reservation {
        private final Reservation inMemory;
        private final List<Part> parts;
        private long claimed;
        private long freedOnCommit;
        private boolean settled;

        SharedReservation(Reservation inMemory, List<Part> parts) {
            this.inMemory = inMemory;
            this.parts = parts;
        }

        @Override
        public void claim(long bytes) {
            int done = 0;
            try {
                for (Part part : parts) {
                    part.claim(bytes, freedOnCommit, clock);
                    done++;
                }
                inMemory.claim(bytes);
            } catch (RuntimeException refused) {
                for (int i = 0; i < done; i++) {
                    parts.get(i).unclaim(bytes);
                }
                throw refused;
            }
            claimed += bytes;
        }

        @Override
        public void replacing(long bytes) {
            freedOnCommit = Math.max(0, bytes);
            inMemory.replacing(bytes);
        }

        @Override
        public void commit(long freedBytes) {
            inMemory.commit(freedBytes);
            settle(claimed - freedBytes);
        }

        @Override
        public void close() {
            inMemory.close();
            settle(0);
        }

        private void settle(long committed) {
            if (settled) {
                return;
            }
            settled = true;
            open.remove(this);
            parts.forEach(part -> part.release(committed));
        }
    }
}
