package xxftp.domain.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where something lies inside one storage: a list of segments from the storage's root.
 * Only ever built from checked segments, never by concatenating strings.
 */
public record StorageKey(List<String> segments) {

    public static final StorageKey ROOT = new StorageKey(List.of());

    public StorageKey {
        segments = List.copyOf(segments);
        for (String segment : segments) {
            if (!Names.isStorable(segment)) {
                throw new Failure.InvalidName("segment not storable: " + segment);
            }
        }
    }

    /** Parses a "/"-separated relative spelling such as "anonymous-incoming/sub". */
    public static StorageKey parse(String relative) {
        StorageKey key = ROOT;
        for (String segment : relative.split("/")) {
            if (!segment.isEmpty()) {
                key = key.child(segment);
            }
        }
        return key;
    }

    public StorageKey child(String name) {
        List<String> longer = new ArrayList<>(segments);
        longer.add(name);
        return new StorageKey(longer);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public StorageKey parent() {
        return isRoot() ? this : new StorageKey(segments.subList(0, segments.size() - 1));
    }

    public String name() {
        return isRoot() ? "" : segments.getLast();
    }

    /** Whether this key is {@code other} or lies below it. */
    public boolean startsWith(StorageKey other) {
        return segments.size() >= other.segments.size()
                && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    /** Whether any segment names configuration (see {@link Names#isControl}) or the top-level message files. */
    public boolean isControl() {
        if (segments.size() == 1 && Names.isRootMessage(segments.getFirst())) {
            return true;
        }
        return segments.stream().anyMatch(Names::isControl);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
