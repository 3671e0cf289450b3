package xxftp.domain.tree;

import java.util.Optional;

/**
 * One entry of a scope's quota ledger, spelled as its name:
 * {@code SEQUENCE-KIND-OWNER-BYTES-MILLIS}. A {@link Kind#HOLD} says that an upload (its owner,
 * {@code NODE.N}, N the number of its first hold) holds {@code bytes} in all until {@code millis}, superseding its earlier holds;
 * a {@link Kind#RELEASE} ends the owner's hold, having committed {@code bytes}, at {@code millis}.
 * Sequence numbers are dense: whoever creates number n+1 has read every entry up to n.
 */
record LedgerEntry(long sequence, Kind kind, String owner, long bytes, long millis) {

    enum Kind {
        HOLD('h'), RELEASE('r');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    String name() {
        return String.format("%019d-%c-%s-%d-%d", sequence, kind.letter, owner, bytes, millis);
    }

    /** The number of an owner's first hold. */
    static long firstSequence(String owner) {
        return Long.parseLong(owner.substring(owner.indexOf('.') + 1));
    }

    /** The entry a name spells; empty for a name that is no entry (never written by a server). */
    static Optional<LedgerEntry> parse(String name) {
        String[] parts = name.split("-", -1);
        if (parts.length != 5 || parts[1].length() != 1 || !parts[2].matches("[0-9a-z]+\\.[0-9]+")) {
            return Optional.empty();
        }
        Kind kind = switch (parts[1].charAt(0)) {
            case 'h' -> Kind.HOLD;
            case 'r' -> Kind.RELEASE;
            default -> null;
        };
        try {
            long sequence = Long.parseLong(parts[0]);
            long bytes = Long.parseLong(parts[3]);
            long millis = Long.parseLong(parts[4]);
            return kind == null || sequence < 0 || bytes < 0 ? Optional.empty()
                    : Optional.of(new LedgerEntry(sequence, kind, parts[2], bytes, millis));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
