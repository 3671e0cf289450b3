package xxftp.domain.tree;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;
import xxftp.domain.model.Location;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Ledger;

/**
 * One scope's share of a quota that several servers enforce together, through the scope's
 * ledger ({@code .xxftp/quota-ledger/}). Usage is the scope's measured storage plus what
 * releases after that measure committed; the room left is the limit less that and every
 * unexpired hold of every server. A hold is taken by creating the next numbered entry: if
 * another server created it first, the ledger is read again, so no two holds were decided on
 * the same figures.
 */
final class LedgerScope {

    /** Past this many entries, an append removes the dead ones. */
    static final int COMPACT_AFTER = 64;
    /** Lost races in a row before a claim gives up (451): the store is busier than a lease allows. */
    private static final int ATTEMPTS = 40;

    private final Ledger ledger;
    private final Location root;
    private final LedgerQuotaSettings settings;
    private final Clock clock;
    /** Negative until the first measure. */
    private long measured = -1;
    /** The last entry read before that measure: later releases may not be in it. */
    private long measuredAfter = -1;
    private Instant measuredAt = Instant.MIN;

    LedgerScope(Ledger ledger, Location root, LedgerQuotaSettings settings, Clock clock) {
        this.ledger = ledger;
        this.root = root;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one upload holds in this scope. */
    static final class Hold {
        final String owner;
        long held;
        long claimed;
        Instant expiry = Instant.MAX;

        Hold(String owner) {
            this.owner = owner;
        }
    }

    /** Grows the hold by at least {@code needed} bytes; {@link Failure.QuotaExceeded} when the room is not there. */
    synchronized void grow(Hold hold, long needed, long limit, long replacing) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            View view = read();
            long used = used(view);
            long room = limit - used - view.heldExcept(hold.owner, clock.millis()) - hold.held + replacing;
            if (room < needed) {
                throw new Failure.QuotaExceeded(root.key() + ": " + used + " used, " + (limit - used - room + replacing)
                        + " held by uploads, " + needed + " more asked, limit " + limit);
            }
            // chunks shrink as the room does, so uploads on every server still find some
            long grant = Math.min(room, Math.max(needed, Math.min(settings.chunkBytes(), room / 4)));
            Instant expiry = clock.instant().plus(settings.lease());
            if (append(view.next, LedgerEntry.Kind.HOLD, hold.owner, hold.held + grant, expiry.toEpochMilli(), view)) {
                hold.held += grant;
                hold.expiry = expiry;
                return;
            }
            backOff(attempt);
        }
        throw new Failure.StorageUnavailable(root.key() + ": lost " + ATTEMPTS + " races for the quota ledger", null);
    }

    /** Holds the same bytes for another lease. */
    synchronized void renew(Hold hold) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            View view = read();
            Instant expiry = clock.instant().plus(settings.lease());
            if (append(view.next, LedgerEntry.Kind.HOLD, hold.owner, hold.held, expiry.toEpochMilli(), view)) {
                hold.expiry = expiry;
                return;
            }
            backOff(attempt);
        }
        throw new Failure.StorageUnavailable(root.key() + ": lost " + ATTEMPTS + " races renewing a lease", null);
    }

    /** Ends the hold, announcing the bytes its upload committed (they count until the next measure sees them). */
    synchronized void release(Hold hold, long committed) {
        if (hold.held == 0 && committed == 0) {
            return;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            View view = read();
            if (append(view.next, LedgerEntry.Kind.RELEASE, hold.owner, Math.max(0, committed), clock.millis(), view)) {
                hold.held = 0;
                return;
            }
            backOff(attempt);
        }
        throw new Failure.StorageUnavailable(root.key() + ": lost " + ATTEMPTS + " races releasing a hold", null);
    }

    /** The next grow measures again. */
    synchronized void markStale() {
        measuredAt = Instant.MIN;
    }

    /** This server removed bytes: they are room at once here (other servers see it at their next measure). */
    synchronized void freed(long bytes) {
        if (measured >= 0) {
            measured = Math.max(0, measured - bytes);
        }
    }

    private View read() {
        return View.of(ledger.entries(folder()));
    }

    /** The measure is taken after reading the ledger: every release read is in it. */
    private long used(View view) {
        if (measured < 0 || measuredAt.plus(settings.remeasureAfter()).isBefore(clock.instant())) {
            measured = root.storage().usage(root.key());
            measuredAfter = view.next - 1;
            measuredAt = clock.instant();
        }
        return measured + view.committedAfter(measuredAfter);
    }

    private boolean append(long sequence, LedgerEntry.Kind kind, String owner, long bytes, long millis, View view) {
        if (!ledger.append(folder(), new LedgerEntry(sequence, kind, owner, bytes, millis).name())) {
            return false;
        }
        if (view.entries.size() >= COMPACT_AFTER) {
            List<String> dead = view.dead(clock.millis(), settings.keepReleases().toMillis());
            if (!dead.isEmpty()) {
                ledger.remove(folder(), dead);
            }
        }
        return true;
    }

    private StorageKey folder() {
        return ControlFiles.in(root.key(), ControlFiles.QUOTA_LEDGER);
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + 5L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure.StorageUnavailable("interrupted waiting for the quota ledger", e);
        }
    }

    /** The ledger as one listing showed it. */
    record View(List<LedgerEntry> entries, long next, Map<String, LedgerEntry> latestHold, Map<String, LedgerEntry> releases) {

        static View of(List<String> names) {
            List<LedgerEntry> entries = new ArrayList<>();
            Map<String, LedgerEntry> holds = new HashMap<>();
            Map<String, LedgerEntry> releases = new HashMap<>();
            long last = -1;
            for (String name : names) {
                LedgerEntry entry = LedgerEntry.parse(name).orElse(null);
                if (entry == null) {
                    continue;
                }
                entries.add(entry);
                last = Math.max(last, entry.sequence());
                Map<String, LedgerEntry> kind = entry.kind() == LedgerEntry.Kind.HOLD ? holds : releases;
                kind.merge(entry.owner(), entry, (a, b) -> a.sequence() > b.sequence() ? a : b);
            }
            return new View(entries, last + 1, holds, releases);
        }

        /** Bytes held by unexpired, unreleased holds of other owners. */
        long heldExcept(String owner, long now) {
            return latestHold.values().stream()
                    .filter(hold -> !hold.owner().equals(owner) && hold.millis() > now && !releases.containsKey(hold.owner()))
                    .mapToLong(LedgerEntry::bytes).sum();
        }

        long committedAfter(long sequence) {
            return releases.values().stream().filter(release -> release.sequence() > sequence).mapToLong(LedgerEntry::bytes).sum();
        }

        /**
         * Entries that say nothing any more: holds superseded or long expired, and releases old
         * enough that every server has measured since (with their holds). The last entry stays,
         * so numbers keep growing.
         */
        List<String> dead(long now, long keepReleases) {
            List<String> dead = new ArrayList<>();
            for (LedgerEntry entry : entries) {
                if (entry.sequence() == next - 1) {
                    continue;
                }
                LedgerEntry release = releases.get(entry.owner());
                boolean oldRelease = release != null && release.millis() < now - keepReleases;
                boolean gone = switch (entry.kind()) {
                    case HOLD -> oldRelease || latestHold.get(entry.owner()) != entry || release == null && entry.millis() < now - keepReleases;
                    case RELEASE -> oldRelease;
                };
                if (gone) {
                    dead.add(entry.name());
                }
            }
            return dead;
        }
    }
}
