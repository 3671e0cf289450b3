package xxftp.domain.port;

import java.util.List;
import xxftp.domain.model.StorageKey;

/**
 * Append-only records in a store that several servers share, for coordinating them with the
 * one atomic step every such store offers: create a name only if it is absent (If-None-Match
 * on S3). An entry has no content: what it says is in its name, so one listing reads them all.
 */
public interface Ledger {

    /** Creates the entry {@code name} in {@code folder}; false when an entry of that name exists. */
    boolean append(StorageKey folder, String name);

    /** The names of the entries in {@code folder}, in no particular order. */
    List<String> entries(StorageKey folder);

    /** Removes these entries; missing ones are no error. */
    void remove(StorageKey folder, List<String> names);
}
