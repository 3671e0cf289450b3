package xxftp.domain.port;

import java.util.List;
import java.util.Optional;
import xxftp.domain.model.StorageKey;

/**
 * Append-only records in a store that several servers share, for coordinating them with the
 * one atomic step every such store offers: create a name only if it is absent (If-None-Match
 * on S3). An entry is a name and a short line of ASCII text, never changed once created.
 */
public interface Ledger {

    /** Creates the entry {@code name} holding {@code content}; false when an entry of that name exists. */
    boolean append(StorageKey folder, String name, String content);

    /** The names in {@code folder} that sort after {@code after} ("" for all), in ascending order. */
    List<String> namesAfter(StorageKey folder, String after);

    /** An entry's content; empty when it was removed. */
    Optional<String> read(StorageKey folder, String name);

    /** Removes these entries; missing ones are no error. */
    void remove(StorageKey folder, List<String> names);
}
