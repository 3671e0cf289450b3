package xxftp.s3;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Modification times set by MFMT. S3 can't change an object's LastModified, so the time goes
 * into user metadata, of a file or of a folder's marker, where stat reads it.
 */
final class S3Times {

    private static final Logger log = LoggerFactory.getLogger(S3Times.class);

    /** Lowercase: S3Proxy's HEAD lowercases metadata keys. */
    static final String METADATA = "xxftp-mtime";

    private S3Times() {}

    /** The time set by MFMT, else the object's LastModified. */
    static Instant modified(HeadObjectResponse head) {
        String set = head.metadata().get(METADATA);
        if (set != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(set));
            } catch (NumberFormatException malformed) {
                log.debug("Ignoring malformed {} metadata: {}", METADATA, set);
            }
        }
        return head.lastModified();
    }

    /** The metadata with the time set. */
    static Map<String, String> with(Map<String, String> metadata, Instant modified) {
        Map<String, String> changed = new HashMap<>(metadata);
        changed.put(METADATA, Long.toString(modified.toEpochMilli()));
        return changed;
    }
}
