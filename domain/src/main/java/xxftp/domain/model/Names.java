package xxftp.domain.model;

import java.util.Locale;

/** Rules for single path segments, shared by client paths and storage keys. */
public final class Names {

    /** Longest segment accepted, in UTF-8 bytes: what common file systems hold. */
    public static final int MAX_SEGMENT_BYTES = 255;

    private Names() {}

    /** Whether a segment can be stored: not empty, not "." or "..", no "/", NUL or control characters. */
    public static boolean isStorable(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a segment names configuration: {@code .xxftp} and anything starting with it
     * (upload temporaries use that prefix), in any letter case, since a case-insensitive disk
     * would serve {@code .XXFTP} as {@code .xxftp}.
     */
    public static boolean isControl(String segment) {
        return segment.toLowerCase(Locale.ROOT).startsWith(ControlFiles.FOLDER);
    }

    /** Whether a segment at the top of the tree is one of the server's message files. */
    public static boolean isRootMessage(String segment) {
        String lower = segment.toLowerCase(Locale.ROOT);
        return lower.equals(ControlFiles.WELCOME) || lower.equals(ControlFiles.GOODBYE);
    }

    /** Names starting with "." are not listed, as in the original server. */
    public static boolean isListed(String segment) {
        return !segment.startsWith(".");
    }
}
