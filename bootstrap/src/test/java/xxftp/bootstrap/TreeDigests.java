package xxftp.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import xxftp.domain.model.Entry;
import xxftp.domain.model.StorageKey;

/**
 * A tree as relative path to a SHA-256 of the bytes (or "dir"), on the server's store or a local
 * folder, so what a client sent and what it got back compare in one assert, byte for byte.
 */
final class TreeDigests {

    private TreeDigests() {}

    /** Like {@link #local} for a directory in the server's store, read through the storage port (any backend). */
    static Map<String, String> stored(TestServer server, String directory) {
        Map<String, String> contents = new TreeMap<>();
        collect(server, StorageKey.parse(directory), "", contents);
        return contents;
    }

    private static void collect(TestServer server, StorageKey directory, String prefix, Map<String, String> into) {
        List<Entry> entries;
        try (Stream<Entry> listed = server.tree().storage().list(directory)) {
            entries = listed.toList();
        }
        for (Entry entry : entries) {
            String relative = prefix + entry.name();
            if (entry.isDirectory()) {
                into.put(relative, "dir");
                collect(server, directory.child(entry.name()), relative + "/", into);
            } else {
                into.put(relative, sha256(server.tree().bytes(directory.child(entry.name()).toString())));
            }
        }
    }

    /** Every file and directory below {@code root}. */
    static Map<String, String> local(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : (Iterable<Path>) all.filter(path -> !path.equals(root))::iterator) {
                String relative = root.relativize(path).toString();
                contents.put(relative, Files.isDirectory(path) ? "dir" : sha256(Files.readAllBytes(path)));
            }
        }
        return contents;
    }

    /** With the length, so a failed compare says at once whether a file was cut short. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + " (" + bytes.length + " bytes)";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
