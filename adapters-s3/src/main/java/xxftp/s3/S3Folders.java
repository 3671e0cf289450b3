package xxftp.s3;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;

/**
 * Folders in a bucket. A folder is what its parent's listing shows as one (a common prefix):
 * the prefix of some content, a zero-byte {@code name/} marker (MKD makes one, and so does a
 * console), or, on a gateway in front of a file system, an empty folder of its disk. Every
 * operation here agrees with that listing on what exists. The marker also holds a time set by
 * MFMT.
 */
final class S3Folders {

    /** What a key names: a file, a folder, or nothing. */
    sealed interface Found {
        record File(HeadObjectResponse head) implements Found {}
        record Folder() implements Found {}
        record Missing() implements Found {}
    }

    private final S3Bucket bucket;
    private final S3Listing listing;
    private final S3Copies copies;

    S3Folders(S3Bucket bucket, S3Listing listing, S3Copies copies) {
        this.bucket = bucket;
        this.listing = listing;
        this.copies = copies;
    }

    /** A file wins over a folder of the same name (S3 can hold both; a file tree can't). */
    Found find(StorageKey key) {
        if (key.isRoot()) {
            return new Found.Folder();
        }
        return bucket.head(bucket.objectKey(key)).<Found>map(Found.File::new)
                .orElseGet(() -> listing.showsFolder(key) ? new Found.Folder() : new Found.Missing());
    }

    /** A missing parent, or a file where a folder should be, answers NotFound as on a disk. */
    void requireFolder(StorageKey key) {
        if (key.isRoot()) {
            return;
        }
        if (!listing.look(key).isFolder()) {
            throw new Failure.NotFound(key.toString());
        }
    }

    /** Rewrites the marker (it holds no bytes to lose) with the time; a folder without one gets one. */
    void setModified(StorageKey folder, Instant modified) {
        if (folder.isRoot()) {
            throw new Failure.AccessDenied("the root has no marker to hold a time");
        }
        bucket.putEmpty(bucket.folderPrefix(folder), S3Condition.NONE, S3Times.with(Map.of(), modified));
    }

    void make(StorageKey key) {
        if (key.isRoot()) {
            throw new Failure.AlreadyExists("root");
        }
        requireFolder(key.parent());
        if (!listing.look(key).isNothing()) {
            throw new Failure.AlreadyExists(key.toString());
        }
        bucket.putEmpty(bucket.folderPrefix(key), S3Condition.MUST_BE_NEW, Map.of());
    }

    /** Removes the marker of an empty folder; a folder with no marker and no content is removed the same way. */
    void remove(StorageKey key) {
        if (key.isRoot()) {
            throw new Failure.AccessDenied("the root can't be removed");
        }
        String folder = bucket.folderPrefix(key);
        List<S3Object> inside = listing.first(folder, 2);
        if (inside.isEmpty()) {
            switch (find(key)) {
                case Found.File file -> throw new Failure.NotADirectory(key.toString());
                case Found.Missing missing -> throw new Failure.NotFound(key.toString());
                case Found.Folder shownOnly -> { }
            }
        } else if (inside.stream().anyMatch(object -> !object.key().equals(folder))) {
            throw new Failure.NotEmpty(key.toString());
        }
        bucket.delete(folder);
        keep(key.parent());
    }

    /**
     * A folder without a marker exists only through its content; when its last entry goes, a
     * marker keeps it, as a disk would (and S3Proxy's store, which removes the emptied
     * directory).
     */
    void keep(StorageKey folder) {
        if (folder.isRoot() || !listing.first(bucket.folderPrefix(folder), 1).isEmpty()) {
            return;
        }
        try {
            bucket.putEmpty(bucket.folderPrefix(folder), S3Condition.MUST_BE_NEW, Map.of());
        } catch (Failure.AlreadyExists madeMeanwhile) {
            // another request kept it
        }
    }

    /**
     * Every key copied, and the originals deleted only once all copies exist, so a failure
     * leaves everything in the old place. A folder with no object at all (shown only as a
     * prefix) becomes a marker at the target.
     */
    void move(StorageKey from, StorageKey to) {
        String source = bucket.folderPrefix(from);
        String target = bucket.folderPrefix(to);
        List<S3Object> objects = new ArrayList<>();
        listing.forEach(source, objects::add);
        if (objects.isEmpty()) {
            bucket.putEmpty(target, S3Condition.MUST_BE_NEW, Map.of());
            bucket.delete(source);
            return;
        }
        copies.copyAll(objects, source, target);
        List<String> deepestFirst = objects.stream().map(S3Object::key).sorted(Comparator.reverseOrder()).toList();
        bucket.deleteAll(deepestFirst);
        // a store that keeps folders as directories (S3Proxy's) removes one only once it is
        // empty, and doesn't delete a batch in order: what is left shows as a folder still
        if (listing.showsFolder(from)) {
            deepestFirst.stream().filter(key -> key.endsWith("/")).forEach(bucket::delete);
        }
    }
}
