package xxftp.ftp;

import java.util.OptionalLong;
import java.util.Set;

/**
 * How transfers and digests are made, as TYPE, REST, ALLO, OPTS MLST and OPTS HASH set it.
 * REST and ALLO apply to the next transfer only: taking them resets them.
 */
final class TransferParameters {

    private boolean asciiType;
    private long restartOffset;
    private OptionalLong announcedBytes = OptionalLong.empty();
    private Set<MachineListing.Fact> mlstFacts = MachineListing.ALL_FACTS;
    private IntegrityCommands.Algorithm hashAlgorithm = IntegrityCommands.Algorithm.SHA_256;

    /**
     * TYPE A (true) or TYPE I / L 8. Binary until TYPE A, unlike RFC 959's default: scripts
     * that never send TYPE expect their bytes unchanged, as this server always gave them.
     */
    boolean asciiType() {
        return asciiType;
    }

    void useAsciiType(boolean ascii) {
        asciiType = ascii;
    }

    void restartAt(long offset) {
        restartOffset = offset;
    }

    /** The REST offset for this transfer. */
    long takeRestartOffset() {
        long offset = restartOffset;
        restartOffset = 0;
        return offset;
    }

    void announce(long bytes) {
        announcedBytes = OptionalLong.of(bytes);
    }

    /** The size ALLO announced for this upload. */
    OptionalLong takeAnnouncedBytes() {
        OptionalLong bytes = announcedBytes;
        announcedBytes = OptionalLong.empty();
        return bytes;
    }

    /** The facts MLSD and MLST show, as OPTS MLST selected them (all by default). */
    Set<MachineListing.Fact> mlstFacts() {
        return mlstFacts;
    }

    void selectMlstFacts(Set<MachineListing.Fact> facts) {
        mlstFacts = facts;
    }

    /** The algorithm HASH uses, as OPTS HASH selected it. */
    IntegrityCommands.Algorithm hashAlgorithm() {
        return hashAlgorithm;
    }

    void selectHashAlgorithm(IntegrityCommands.Algorithm algorithm) {
        hashAlgorithm = algorithm;
    }
}
