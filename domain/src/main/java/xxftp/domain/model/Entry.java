package xxftp.domain.model;

import java.time.Instant;

/** What a storage knows of one file or directory. */
public record Entry(String name, Kind kind, long size, Instant modified) {

    public enum Kind { FILE, DIRECTORY }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }
}
