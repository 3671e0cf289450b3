package xxftp.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import xxftp.domain.model.ControlFiles;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.port.Ledger;

/**
 * A ledger in the bucket: each entry a zero-byte object created with If-None-Match "*", which
 * S3 decides atomically (AWS since 2024-08; S3Proxy's file stores publish with a hard link), its
 * content in user metadata. Zero bytes, so a scope's usage never counts them.
 */
public final class S3Ledger implements Ledger {

    /** The user metadata that holds an entry's content (lowercase: HEAD lowercases keys on some stores). */
    private static final String CONTENT = "xxftp-entry";

    private final S3Bucket bucket;

    public S3Ledger(S3Storage storage) {
        this.bucket = storage.bucket();
    }

    @Override
    public boolean append(StorageKey folder, String name, String content) {
        try {
            bucket.putEmpty(bucket.folderPrefix(folder) + name, S3Condition.MUST_BE_NEW, Map.of(CONTENT, content));
            return true;
        } catch (Failure.AlreadyExists | Failure.ChangedMeanwhile lost) {
            // 412: the name is taken; 409 ConditionalRequestConflict: another create of it was under way
            return false;
        }
    }

    @Override
    public List<String> namesAfter(StorageKey folder, String after) {
        String prefix = bucket.folderPrefix(folder);
        List<String> names = new ArrayList<>();
        try {
            bucket.client().listObjectsV2Paginator(request -> request.bucket(bucket.name()).prefix(prefix)
                    .startAfter(after.isEmpty() ? null : prefix + after))
                    .contents().forEach(object -> names.add(object.key().substring(prefix.length())));
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "list " + prefix);
        }
        return names;
    }

    @Override
    public Optional<String> read(StorageKey folder, String name) {
        return bucket.head(bucket.folderPrefix(folder) + name).map(head -> head.metadata().get(CONTENT));
    }

    @Override
    public void remove(StorageKey folder, List<String> names) {
        String prefix = bucket.folderPrefix(folder);
        bucket.deleteAll(names.stream().map(name -> prefix + name).toList());
    }

    /**
     * Whether the store refuses a second create of one key (412), which the ledger relies on:
     * some S3-compatible stores ignore If-None-Match and overwrite. Leaves nothing behind.
     */
    public boolean refusesSecondCreate() {
        StorageKey folder = ControlFiles.in(StorageKey.ROOT, ControlFiles.QUOTA_LEDGER);
        String probe = "probe-" + UUID.randomUUID();
        try {
            if (!append(folder, probe, "probe")) {
                throw new Failure.StorageUnavailable("a new probe key " + probe + " was refused as existing", null);
            }
            return !append(folder, probe, "probe");
        } finally {
            bucket.delete(bucket.folderPrefix(folder) + probe);
        }
    }
}
