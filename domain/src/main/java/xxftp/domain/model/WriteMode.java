package xxftp.domain.model;

/** How an upload meets what is already stored under its key. */
public enum WriteMode {
    /** Publish only if nothing exists there yet; the store decides atomically. */
    CREATE_NEW,
    /** Publish on commit, replacing any previous file at once; nothing partial is ever seen. */
    REPLACE,
    /** Add to the end of the existing file (or create it). */
    APPEND,
    /** Keep the first {@code offset} bytes of the existing file and write from there (REST + STOR). */
    RESUME
}
