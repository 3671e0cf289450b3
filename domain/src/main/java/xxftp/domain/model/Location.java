package xxftp.domain.model;

import xxftp.domain.port.Storage;

/** A key in a particular storage: where a virtual path leads. */
public record Location(Storage storage, StorageKey key) {

    public Location child(String name) {
        return new Location(storage, key.child(name));
    }
}
