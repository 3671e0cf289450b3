package xxftp.s3;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import xxftp.domain.model.StorageKey;

/**
 * Where a tree lives in S3 and how to reach it: the client, the bucket, the key prefix of the
 * tree's root, and the translation of the store's errors. The parts of the adapter share this
 * value, never the storage itself; it holds the few requests that all of them make.
 */
final class S3Bucket {

    /** DeleteObjects takes at most this many keys per request. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client client;
    private final String name;
    private final String prefix;
    private final S3Failures failures;
    private final String node;

    S3Bucket(S3Client client, S3Settings settings) {
        this.client = client;
        this.name = settings.bucket();
        this.prefix = settings.prefix();
        this.failures = new S3Failures(settings.bucket());
        this.node = settings.transfers().node();
    }

    S3Client client() {
        return client;
    }

    String name() {
        return name;
    }

    /** The prefix of every key of the tree: "" for a whole bucket, else ending in "/". */
    String prefix() {
        return prefix;
    }

    S3Failures failures() {
        return failures;
    }

    /** This server's name among those on the bucket, in the markers of its uploads. */
    String node() {
        return node;
    }

    String objectKey(StorageKey key) {
        return prefix + String.join("/", key.segments());
    }

    /** The prefix of a folder's content, which is also the key of its marker ({@code name/}). */
    String folderPrefix(StorageKey key) {
        return key.isRoot() ? prefix : objectKey(key) + "/";
    }

    /** The object's head, or empty when no object has this key. */
    Optional<HeadObjectResponse> head(String objectKey) {
        try {
            return Optional.of(client.headObject(request -> request.bucket(name).key(objectKey)));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw failures.translate(e, "stat " + objectKey);
        }
    }

    /** A zero-byte object: a folder marker, or an upload's marker. */
    void putEmpty(String objectKey, S3Condition condition, Map<String, String> metadata) {
        try {
            client.putObject(request -> request.bucket(name).key(objectKey).metadata(metadata)
                    .ifNoneMatch(condition.ifNoneMatch()).ifMatch(condition.ifMatch()), RequestBody.empty());
        } catch (SdkException e) {
            throw failures.translate(e, "put " + objectKey, condition);
        }
    }

    void delete(String objectKey) {
        try {
            client.deleteObject(request -> request.bucket(name).key(objectKey));
        } catch (SdkException e) {
            throw failures.translate(e, "delete " + objectKey);
        }
    }

    void deleteAll(List<String> keys) {
        for (int start = 0; start < keys.size(); start += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(start, Math.min(keys.size(), start + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            try {
                client.deleteObjects(request -> request.bucket(name).delete(Delete.builder().objects(batch).quiet(true).build()));
            } catch (SdkException e) {
                throw failures.translate(e, "delete " + batch.size() + " objects");
            }
        }
    }
}
