package xxftp.domain.port;

import java.util.List;
import xxftp.domain.model.QuotaScope;

/**
 * The quota port. Bytes are reserved while they flow and become usage on commit, so two
 * sessions writing into one subtree can't together pass its limit.
 */
public interface Quota {

    /** Opens a reservation against every scope (none: nothing limits it). */
    Reservation open(List<QuotaScope> scopes);

    /**
     * Says that the scopes' content changed outside a reservation (a delete, a rename, an aborted
     * append): their usage is measured again, without making uploads wait for it.
     */
    void changed(List<QuotaScope> scopes);

    /** Says that the scopes lost this many bytes (a delete, a move out), so their room is usable at once. */
    void freed(List<QuotaScope> scopes, long bytes);

    /** Bytes claimed while an upload runs. */
    interface Reservation extends AutoCloseable {

        /** Claims more bytes; {@link Failure.QuotaExceeded} if any scope would pass its limit. */
        void claim(long bytes);

        /**
         * Says the upload will free this many bytes when it commits (the file it replaces or
         * truncates), so its claims may use that room: replacing a file with one of similar
         * size fits in a nearly full scope.
         */
        void replacing(long bytes);

        /** Turns the claimed bytes into usage, less {@code freedBytes} that the upload replaced. */
        void commit(long freedBytes);

        /** Gives back whatever is claimed and not committed. */
        @Override
        void close();
    }
}
