package xxftp.domain.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Ledger;

/** A ledger in memory whose create-if-absent is atomic, as on S3 with If-None-Match. */
public final class MemoryLedger implements Ledger {

    private final Map<StorageKey, TreeMap<String, String>> folders = new HashMap<>();
    private int appends;

    @Override
    public synchronized boolean append(StorageKey folder, String name, String content) {
        appends++;
        return folders.computeIfAbsent(folder, key -> new TreeMap<>()).putIfAbsent(name, content) == null;
    }

    @Override
    public synchronized List<String> namesAfter(StorageKey folder, String after) {
        return new ArrayList<>(folders.getOrDefault(folder, new TreeMap<>()).tailMap(after, false).keySet());
    }

    @Override
    public synchronized Optional<String> read(StorageKey folder, String name) {
        return Optional.ofNullable(folders.getOrDefault(folder, new TreeMap<>()).get(name));
    }

    @Override
    public synchronized void remove(StorageKey folder, List<String> names) {
        folders.getOrDefault(folder, new TreeMap<>()).keySet().removeAll(names);
    }

    /** Appends tried, won or lost. */
    public synchronized int appends() {
        return appends;
    }
}
