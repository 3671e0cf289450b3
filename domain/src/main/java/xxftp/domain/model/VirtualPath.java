package xxftp.domain.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A path as a client sees it: always absolute from the user's home, always normalised.
 * {@link #resolve} is the one normaliser for every spelling a client may send.
 */
public record VirtualPath(List<String> segments) {

    public static final VirtualPath ROOT = new VirtualPath(List.of());

    public VirtualPath {
        segments = List.copyOf(segments);
    }

    /**
     * Resolves a client spelling against this directory. Backslashes count as separators,
     * empty and "." segments vanish, ".." never climbs above the root, and a leading "/" means
     * the user's home. The result may still hold names that can't be stored; callers check.
     */
    public VirtualPath resolve(String spelling) {
        String unified = spelling.replace('\\', '/');
        List<String> result = unified.startsWith("/") ? new ArrayList<>() : new ArrayList<>(segments);
        for (String segment : unified.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!result.isEmpty()) {
                    result.removeLast();
                }
                continue;
            }
            result.add(segment);
        }
        return new VirtualPath(result);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public VirtualPath parent() {
        return isRoot() ? this : new VirtualPath(segments.subList(0, segments.size() - 1));
    }

    /** The last segment; "/" for the root. */
    public String name() {
        return isRoot() ? "/" : segments.getLast();
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
