package xxftp.domain.tree;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
    /** How often a claim that waits for room reads the ledger again. */
    private static final long WAIT_FOR_ROOM_MILLIS = 100;

    private final Ledger ledger;
    private final Location root;
    private final LedgerQuotaSettings settings;
    private final Clock clock;
    /** Negative until the first measure. */
    private long measured = -1;
    /** The last entry read before that measure: later releases may not be in it. */
    private long measuredAfter = -1;
    private Instant measuredAt = Instant.MIN;
    /** The ledger's entries read so far, by number, and the highest number seen (whatever its content). */
    private final SortedMap<Long, LedgerEntry> known = new TreeMap<>();
    private long lastSeen = -1;

    LedgerScope(Ledger ledger, Location root, LedgerQuotaSettings settings, Clock clock) {
        this.ledger = ledger;
        this.root = root;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * What one upload holds in this scope. Its owner name is the server's id and the number of
     * its first hold, so a ledger tells which uploads came first.
     */
    static final class Hold {
        private final String node;
        String owner;
        long held;
        long claimed;
        Instant expiry = Instant.MAX;

        Hold(String node) {
            this.node = node;
        }
    }

    private enum Outcome { DONE, LOST_RACE, NO_ROOM_YET }

    /**
     * Grows the hold by at least {@code needed} bytes; {@link Failure.QuotaExceeded} when the
     * room is not there. Uploads that start together each hold a part of the room, and could
     * all fail for want of what the others hold: so when holds stand in the way, the youngest
     * upload is refused (giving its hold back) and older ones wait up to {@code patience}.
     */
    void grow(Hold hold, long needed, long limit, long replacing) {
        long deadline = System.nanoTime() + settings.patience().toNanos();
        int lost = 0;
        while (true) {
            boolean patient = System.nanoTime() < deadline;
            switch (tryGrow(hold, needed, limit, replacing, patient)) {
                case DONE -> {
                    return;
                }
                case LOST_RACE -> backOff(++lost);
                case NO_ROOM_YET -> pause(WAIT_FOR_ROOM_MILLIS);
            }
        }
    }

    private synchronized Outcome tryGrow(Hold hold, long needed, long limit, long replacing, boolean patient) {
        View view = read();
        long used = used(view);
        long others = view.heldExcept(hold.owner, clock.millis());
        long room = limit - used - others - hold.held + replacing;
        if (room < needed) {
            if (patient && room + others >= needed && hold.owner != null && view.anyYoungerThan(hold.owner, clock.millis())) {
                return Outcome.NO_ROOM_YET;
            }
            throw new Failure.QuotaExceeded(root.key() + ": " + used + " used, " + (others + hold.held)
                    + " held by uploads, " + needed + " more asked, limit " + limit);
        }
        // chunks shrink as the room does, and with the uploads sharing it, so that what the
        // accepted ones hold beyond their need (until they end) stays a small part of the room
        long share = room / (4 * (view.holders(hold.owner, clock.millis()) + 1));
        long grant = Math.min(room, Math.max(needed, Math.min(settings.chunkBytes(), share)));
        Instant expiry = clock.instant().plus(settings.lease());
        String owner = hold.owner == null ? hold.node + "." + view.next : hold.owner;
        if (!append(view.next, LedgerEntry.Kind.HOLD, owner, hold.held + grant, expiry.toEpochMilli(), view)) {
            return Outcome.LOST_RACE;
        }
        hold.owner = owner;
        hold.held += grant;
        hold.expiry = expiry;
        return Outcome.DONE;
    }

    /** Holds the same bytes for another lease. */
    void renew(Hold hold) {
        retried("renewing a lease", () -> {
            View view = read();
            Instant expiry = clock.instant().plus(settings.lease());
            if (!append(view.next, LedgerEntry.Kind.HOLD, hold.owner, hold.held, expiry.toEpochMilli(), view)) {
                return Outcome.LOST_RACE;
            }
            hold.expiry = expiry;
            return Outcome.DONE;
        });
    }

    /** Ends the hold, announcing the bytes its upload committed (they count until the next measure sees them). */
    void release(Hold hold, long committed) {
        if (hold.owner == null) {
            return;
        }
        retried("releasing a hold", () -> {
            View view = read();
            if (!append(view.next, LedgerEntry.Kind.RELEASE, hold.owner, Math.max(0, committed), clock.millis(), view)) {
                return Outcome.LOST_RACE;
            }
            hold.held = 0;
            return Outcome.DONE;
        });
    }

    /**
     * Runs an append until it wins a race, backing off outside the lock so this server's other
     * uploads go on. A store that fails now and then (503 SlowDown) is tried again too: a
     * renewal or a release that never gets written keeps its bytes from everyone for a lease.
     */
    private void retried(String what, Supplier<Outcome> attempt) {
        Failure.StorageUnavailable last = null;
        for (int tried = 0; tried < ATTEMPTS; tried++) {
            try {
                synchronized (this) {
                    if (attempt.get() == Outcome.DONE) {
                        return;
                    }
                }
            } catch (Failure.StorageUnavailable unavailable) {
                last = unavailable;
            }
            pause(ThreadLocalRandom.current().nextLong(1, 5L + 5L * Math.min(tried + 1, 10)));
        }
        throw new Failure.StorageUnavailable(root.key() + ": " + ATTEMPTS + " attempts " + what + " failed", last);
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

    /**
     * The ledger now: the names after the last one seen, and the content of each new one
     * (entries never change, so each is read once by each server).
     */
    private View read() {
        for (String name : ledger.namesAfter(folder(), lastSeen < 0 ? "" : LedgerEntry.name(lastSeen))) {
            OptionalLong sequence = LedgerEntry.sequence(name);
            if (sequence.isPresent()) {
                lastSeen = Math.max(lastSeen, sequence.getAsLong());
                ledger.read(folder(), name).flatMap(content -> LedgerEntry.parse(sequence.getAsLong(), content))
                        .ifPresent(entry -> known.put(entry.sequence(), entry));
            }
        }
        return View.of(known.values(), lastSeen + 1);
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
        LedgerEntry entry = new LedgerEntry(sequence, kind, owner, bytes, millis);
        if (!ledger.append(folder(), entry.name(), entry.content())) {
            return false;
        }
        known.put(sequence, entry);
        lastSeen = Math.max(lastSeen, sequence);
        if (known.size() >= COMPACT_AFTER) {
            List<LedgerEntry> dead = View.of(known.values(), lastSeen + 1).dead(clock.millis(), settings.keepReleases().toMillis());
            if (!dead.isEmpty()) {
                ledger.remove(folder(), dead.stream().map(LedgerEntry::name).toList());
                dead.forEach(gone -> known.remove(gone.sequence()));
            }
        }
        return true;
    }

    private StorageKey folder() {
        return ControlFiles.in(root.key(), ControlFiles.QUOTA_LEDGER);
    }

    private void backOff(int lost) {
        if (lost >= ATTEMPTS) {
            throw new Failure.StorageUnavailable(root.key() + ": lost " + ATTEMPTS + " races for the quota ledger", null);
        }
        pause(ThreadLocalRandom.current().nextLong(1, 5L + 5L * Math.min(lost, 10)));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure.StorageUnavailable("interrupted waiting for the quota ledger", e);
        }
    }

    /** The ledger as one listing showed it. */
    record View(List<LedgerEntry> entries, long next, Map<String, LedgerEntry> latestHold, Map<String, LedgerEntry> releases) {

        static View of(Collection<LedgerEntry> read, long next) {
            List<LedgerEntry> entries = new ArrayList<>(read);
            Map<String, LedgerEntry> holds = new HashMap<>();
            Map<String, LedgerEntry> releases = new HashMap<>();
            for (LedgerEntry entry : entries) {
                Map<String, LedgerEntry> kind = entry.kind() == LedgerEntry.Kind.HOLD ? holds : releases;
                kind.merge(entry.owner(), entry, (a, b) -> a.sequence() > b.sequence() ? a : b);
            }
            return new View(entries, next, holds, releases);
        }

        /** Bytes held by unexpired, unreleased holds of other owners ({@code owner} may be null: none yet). */
        long heldExcept(String owner, long now) {
            return live(now).filter(hold -> !hold.owner().equals(owner)).mapToLong(LedgerEntry::bytes).sum();
        }

        /** How many other owners hold bytes. */
        long holders(String owner, long now) {
            return live(now).filter(hold -> !hold.owner().equals(owner)).count();
        }

        /** Whether a live hold came after the owner's first. */
        boolean anyYoungerThan(String owner, long now) {
            long first = LedgerEntry.firstSequence(owner);
            return live(now).anyMatch(hold -> LedgerEntry.firstSequence(hold.owner()) > first);
        }

        private Stream<LedgerEntry> live(long now) {
            return latestHold.values().stream().filter(hold -> hold.millis() > now && !releases.containsKey(hold.owner()));
        }

        long committedAfter(long sequence) {
            return releases.values().stream().filter(release -> release.sequence() > sequence).mapToLong(LedgerEntry::bytes).sum();
        }

        /**
         * Entries that say nothing any more: expired holds that were superseded, released long
         * ago or lapsed long ago, and releases old enough that every server has measured since.
         * The last entry stays, so numbers keep growing.
         */
        List<LedgerEntry> dead(long now, long keepReleases) {
            List<LedgerEntry> dead = new ArrayList<>();
            for (LedgerEntry entry : entries) {
                if (entry.sequence() == next - 1) {
                    continue;
                }
                LedgerEntry release = releases.get(entry.owner());
                boolean oldRelease = release != null && release.millis() < now - keepReleases;
                // only what is older than a lease: a server that read the ledger before an entry was
                // written could otherwise create its number anew once it is gone, on figures without it
                boolean gone = switch (entry.kind()) {
                    case HOLD -> entry.millis() < now
                            && (oldRelease || latestHold.get(entry.owner()) != entry || release == null && entry.millis() < now - keepReleases);
                    case RELEASE -> oldRelease;
                };
                if (gone) {
                    dead.add(entry);
                }
            }
            return dead;
        }
    }
}
