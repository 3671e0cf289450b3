package xxftp.ftp.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Ledger;

/**
 * Bans shared by the servers on one bucket: each ban a server decides is an entry of the root's
 * {@code .xxftp/bans} ledger named {@code CLIENT@UNTIL} (epoch seconds; an IPv6 /64's colons and
 * slash spelled {@code -} and {@code _}), and each server reads the ledger every {@link #POLL_EVERY}
 * to hold the others' bans too. Entries past their end are removed by whoever reads them first.
 */
public final class SharedBans implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedBans.class);
    /** A guesser banned on one server is banned on all within about this long. */
    public static final Duration POLL_EVERY = Duration.ofSeconds(3);
    static final StorageKey FOLDER = ControlFiles.in(StorageKey.ROOT, ControlFiles.BANS);
    private static final Pattern ENTRY = Pattern.compile("([0-9a-f.\\-]+(?:_64)?)@(\\d{1,12})");

    private final Ledger ledger;
    private final Defender defender;
    private final Clock clock;
    private Thread poller;

    /** Tells {@code ledger} of {@code defender}'s bans; {@link #start} reads the others'. */
    public SharedBans(Ledger ledger, Defender defender, Clock clock) {
        this.ledger = ledger;
        this.defender = defender;
        this.clock = clock;
        // a ban is rare and the bucket slow: each is written on a thread of its own, not under the defender's lock
        defender.tellBansTo((client, until) -> Thread.ofVirtual().name("ban-share").start(() -> publish(client, until)));
    }

    /** Reads the ledger now and every {@link #POLL_EVERY} until closed. */
    public synchronized SharedBans start() {
        poller = Thread.ofVirtual().name("ban-poll").start(this::pollUntilClosed);
        return this;
    }

    static String entryName(ClientKey client, Instant until) {
        return client.text().replace(':', '-').replace('/', '_') + "@" + until.getEpochSecond();
    }

    /** The client and end of an entry; empty for a name no server writes. */
    static Optional<Ban> parse(String name) {
        Matcher matcher = ENTRY.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Ban(new ClientKey(matcher.group(1).replace('-', ':').replace('_', '/')),
                Instant.ofEpochSecond(Long.parseLong(matcher.group(2)))));
    }

    record Ban(ClientKey client, Instant until) {}

    void publish(ClientKey client, Instant until) {
        try {
            // the name says it all, so one listing reads every ban; the content is for a person looking
            ledger.append(FOLDER, entryName(client, until), "banned until " + until);
        } catch (RuntimeException e) {
            // this server holds the ban anyway; the others will not hear of it
            log.warn("Could not share the ban of {}: {}", client, e.toString());
        }
    }

    /** Reads the ledger once: the bans in force are held here, the ended ones removed. */
    void poll() {
        Instant now = clock.instant();
        List<String> ended = new ArrayList<>();
        for (String name : ledger.namesAfter(FOLDER, "")) {
            Optional<Ban> ban = parse(name);
            if (ban.isEmpty()) {
                continue;
            }
            if (ban.get().until().isAfter(now)) {
                defender.banned(ban.get().client(), ban.get().until());
            } else {
                ended.add(name);
            }
        }
        if (!ended.isEmpty()) {
            ledger.remove(FOLDER, ended);
        }
    }

    private void pollUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                poll();
            } catch (RuntimeException e) {
                log.warn("Could not read the shared bans: {}", e.toString());
            }
            try {
                Thread.sleep(POLL_EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.interrupt();
        }
    }
}
