package xxftp.domain.tree;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of a scope's quota ledger: named by its sequence number alone (so that two servers
 * writing the same number collide, and only one wins), its content {@code KIND-OWNER-BYTES-MILLIS}.
 * A {@link Kind#HOLD} says that an upload (its owner, {@code NODE.N}, N the number of its first
 * hold) holds {@code bytes} in all until {@code millis}, superseding its earlier holds; a
 * {@link Kind#RELEASE} ends the owner's hold, having committed {@code bytes}, at {@code millis}.
 * Numbers are dense: whoever creates number n+1 has read every entry up to n.
 */
record LedgerEntry(long sequence, Kind kind, String owner, long bytes, long millis) {

    enum Kind {
        HOLD('h'), RELEASE('r');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    static String name(long sequence) {
        return String.format("%019d", sequence);
    }

    String name() {
        return name(sequence);
    }

    String content() {
        return kind.letter + "-" + owner + "-" + bytes + "-" + millis;
    }

    /** The number an entry's name spells; empty for a name no server wrote. */
    static OptionalLong sequence(String name) {
        if (name.length() != 19 || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(name));
    }

    /** The number of an owner's first hold. */
    static long firstSequence(String owner) {
        return Long.parseLong(owner.substring(owner.indexOf('.') + 1));
    }

    /** The entry of that number with this content; empty for content no server wrote. */
    static Optional<LedgerEntry> parse(long sequence, String content) {
        String[] parts = content.split("-", -1);
        if (parts.length != 4 || parts[0].length() != 1 || !parts[1].matches("[0-9a-z]+\\.[0-9]{1,18}")) {
            return Optional.empty();
        }
        Kind kind = switch (parts[0].charAt(0)) {
            case 'h' -> Kind.HOLD;
            case 'r' -> Kind.RELEASE;
            default -> null;
        };
        try {
            long bytes = Long.parseLong(parts[2]);
            long millis = Long.parseLong(parts[3]);
            return kind == null || bytes < 0 ? Optional.empty() : Optional.of(new LedgerEntry(sequence, kind, parts[1], bytes, millis));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
