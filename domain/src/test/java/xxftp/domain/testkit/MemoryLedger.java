package xxftp.domain.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Ledger;

/** A ledger in memory whose create-if-absent is atomic, as on S3 with If-None-Match. */
public final class MemoryLedger implements Ledger {

    private final Map<StorageKey, TreeSet<String>> folders = new HashMap<>();
    private int appends;

    @Override
    public synchronized boolean append(StorageKey folder, String name) {
        appends++;
        return folders.computeIfAbsent(folder, key -> new TreeSet<>()).add(name);
    }

    @Override
    public synchronized List<String> entries(StorageKey folder) {
        return new ArrayList<>(folders.getOrDefault(folder, new TreeSet<>()));
    }

    @Override
    public synchronized void remove(StorageKey folder, List<String> names) {
        folders.getOrDefault(folder, new TreeSet<>()).removeAll(names);
    }

    /** Appends tried, won or lost. */
    public synchronized int appends() {
        return appends;
    }
}
