package xxftp.ftp.guard;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bans addresses that keep failing to log in (as SFTPGo's defender, ProFTPD's mod_ban and
 * fail2ban do): failures are counted per client (an IPv4 address, an IPv6 /64) across sessions;
 * {@code failures} of them within {@code window} ban the client for {@code banTime}, twice as
 * long for each ban since it last kept quiet for a day, up to {@code maxBanTime}. A banned client
 * is refused at connect, before it costs a password hash. Exempt blocks are never banned.
 */
public final class Defender {

    private static final Logger log = LoggerFactory.getLogger(Defender.class);
    /** A client that caused no trouble this long starts again from the first ban's length. */
    private static final Duration FORGIVEN_AFTER = Duration.ofDays(1);
    /** Memory is bounded: past this many clients the quiet ones are dropped first. */
    private static final int MAX_CLIENTS = 100_000;
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    /**
     * @param failures   failed logins that ban; 0 switches the defender off
     * @param exempt     blocks never banned (monitoring, the operator's own network)
     */
    public record Settings(int failures, Duration window, Duration banTime, Duration maxBanTime, List<Cidr> exempt) {

        public static final int DEFAULT_FAILURES = 10;
        public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
        public static final Duration DEFAULT_BAN_TIME = Duration.ofMinutes(15);
        public static final Duration MAX_BAN_TIME = Duration.ofDays(1);
        public static final Settings DEFAULTS = new Settings(DEFAULT_FAILURES, DEFAULT_WINDOW, DEFAULT_BAN_TIME, MAX_BAN_TIME, List.of());
        public static final Settings OFF = new Settings(0, DEFAULT_WINDOW, DEFAULT_BAN_TIME, MAX_BAN_TIME, List.of());

        public Settings {
            exempt = List.copyOf(exempt);
            if (failures < 0) {
                throw new IllegalArgumentException("ban failures must be 0 (off) or more");
            }
            if (!window.isPositive() || !banTime.isPositive() || maxBanTime.compareTo(banTime) < 0) {
                throw new IllegalArgumentException("ban window and ban time must be positive");
            }
        }
    }

    private static final class Record {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant bannedUntil = Instant.MIN;
        Instant lastTrouble = Instant.MIN;
        int bans;
    }

    private Settings settings;
    private final Clock clock;
    private final Map<ClientKey, Record> clients = new HashMap<>();
    private Instant nextSweep = Instant.MIN;
    private BiConsumer<ClientKey, Instant> onBan = (client, until) -> { };

    public Defender(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** New settings (a reload): bans in force stay until they end. */
    public synchronized void update(Settings next) {
        settings = next;
    }

    /** Told of each ban decided here, with its end (shared bans pass it on); called under this lock, so quick. */
    public synchronized void tellBansTo(BiConsumer<ClientKey, Instant> listener) {
        onBan = listener;
    }

    /** A ban another server decided: held here until it ends, unless one that ends later is in force. */
    public synchronized void banned(ClientKey client, Instant until) {
        Instant now = sweep();
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(client)) {
            dropQuietest(now);
        }
        Record record = clients.computeIfAbsent(client, k -> new Record());
        if (until.isAfter(record.bannedUntil)) {
            if (!record.bannedUntil.isAfter(now)) {
                log.warn("Banned {} until {}, as another server decided", client, until);
            }
            record.bannedUntil = until;
        }
    }

    /** Whether the client is banned now (refuse it with 421 before anything else). */
    public synchronized boolean isBanned(InetAddress address) {
        if (settings.failures() == 0) {
            return false;
        }
        Instant now = sweep();
        Record record = clients.get(ClientKey.of(address));
        return record != null && record.bannedUntil.isAfter(now);
    }

    /** Whether the client failed a login lately (within the window): a refusal for want of a hash slot then counts too. */
    public synchronized boolean isSuspect(InetAddress address) {
        Record record = clients.get(ClientKey.of(address));
        Instant now = clock.instant();
        return record != null && (record.bannedUntil.isAfter(now)
                || !record.failures.isEmpty() && record.failures.peekLast().plus(settings.window()).isAfter(now));
    }

    /** Counts a failed login; the one that reaches the limit bans the client. */
    public synchronized void loginFailed(InetAddress address) {
        if (settings.failures() == 0 || isExempt(address)) {
            return;
        }
        Instant now = sweep();
        ClientKey key = ClientKey.of(address);
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(key)) {
            dropQuietest(now);
        }
        Record record = clients.computeIfAbsent(key, k -> new Record());
        if (record.bannedUntil.isAfter(now)) {
            return;
        }
        if (record.lastTrouble.plus(FORGIVEN_AFTER).isBefore(now)) {
            record.bans = 0;
        }
        record.lastTrouble = now;
        record.failures.addLast(now);
        while (record.failures.peekFirst().plus(settings.window()).isBefore(now)) {
            record.failures.removeFirst();
        }
        if (record.failures.size() >= settings.failures()) {
            Duration length = banLength(record.bans);
            record.bans++;
            record.bannedUntil = now.plus(length);
            record.failures.clear();
            onBan.accept(key, record.bannedUntil);
            log.warn("Banned {} for {} s after {} failed logins within {} s", key, length.toSeconds(),
                    settings.failures(), settings.window().toSeconds());
        }
    }

    /** How many clients are banned now. */
    public synchronized int activeBans() {
        Instant now = sweep();
        return (int) clients.values().stream().filter(record -> record.bannedUntil.isAfter(now)).count();
    }

    private Duration banLength(int earlierBans) {
        Duration length = settings.banTime();
        for (int i = 0; i < earlierBans && length.compareTo(settings.maxBanTime()) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(settings.maxBanTime()) > 0 ? settings.maxBanTime() : length;
    }

    private boolean isExempt(InetAddress address) {
        return settings.exempt().stream().anyMatch(block -> block.contains(address));
    }

    /** Logs the bans that ended and forgets clients with nothing left to remember. */
    private Instant sweep() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return now;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        clients.entrySet().removeIf(entry -> {
            Record record = entry.getValue();
            if (record.bannedUntil != Instant.MIN && !record.bannedUntil.isAfter(now)) {
                log.info("Ban of {} ended", entry.getKey());
                record.bannedUntil = Instant.MIN;
            }
            return record.bannedUntil == Instant.MIN && record.lastTrouble.plus(FORGIVEN_AFTER).isBefore(now);
        });
        return now;
    }

    private void dropQuietest(Instant now) {
        clients.entrySet().stream()
                .filter(entry -> !entry.getValue().bannedUntil.isAfter(now))
                .min((a, b) -> a.getValue().lastTrouble.compareTo(b.getValue().lastTrouble))
                .ifPresent(entry -> clients.remove(entry.getKey()));
    }
}
