package xxftp.s3;

import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;
import xxftp.s3.S3Folders.Found;

/**
 * The storage port in an S3 bucket. A key's segments joined by "/" under the prefix name a
 * file; a folder is what a listing shows as one ({@link S3Folders}).
 */
public final class S3Storage implements Storage {

    private final S3Bucket bucket;
    private final S3Listing listing;
    private final S3Copies copies;
    private final S3Folders folders;
    private final S3Transfers transfers;

    public S3Storage(S3Client s3, S3Settings settings) {
        this.bucket = new S3Bucket(s3, settings);
        this.transfers = settings.transfers();
        this.listing = new S3Listing(bucket);
        this.copies = new S3Copies(bucket);
        this.folders = new S3Folders(bucket, listing, copies);
    }

    /** Where the tree lives, for the bucket's other users in this package (its ledger). */
    S3Bucket bucket() {
        return bucket;
    }

    /** Fails with a one-line reason when the bucket can't be reached with these credentials. */
    public void checkReachable() {
        try {
            bucket.client().headBucket(request -> request.bucket(bucket.name()));
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "bucket " + bucket.name());
        }
    }

    /** The bucket a file of this storage is in, for reports on files (event hooks). */
    public String bucketName() {
        return bucket.name();
    }

    /** The object key a file of this storage is stored under, prefix included. */
    public String objectKey(StorageKey key) {
        return bucket.objectKey(key);
    }

    /**
     * Aborts the incomplete multipart uploads that this node (this server's name, kept across
     * restarts) started before {@code before} under the tree's prefix: a crash or a kill leaves
     * them, and S3 bills their parts. Never another node's, which may still be sending, nor
     * another tool's. Returns how many were aborted.
     */
    public int sweepOwnIncompleteUploads(Instant before) {
        return S3Multipart.sweep(bucket, before, Optional.of(bucket.node()));
    }

    /** This server's name among those on the bucket. */
    public String nodeName() {
        return bucket.node();
    }

    /** The same for every node's uploads: pass a time older than the longest transfer. */
    public int sweepIncompleteUploads(Instant before) {
        return S3Multipart.sweep(bucket, before, Optional.empty());
    }

    /**
     * The name's object and its folder's marker are asked for at once: a file, or a folder with
     * a marker (MKD makes one), is known in one round trip to the region instead of up to three
     * in a row (HEAD, listing, HEAD of the marker for the folder's time). A file wins over a
     * folder of the same name, as {@link S3Folders#find} has it.
     */
    @Override
    public Entry stat(StorageKey key) {
        if (key.isRoot()) {
            return new Entry(key.name(), Entry.Kind.DIRECTORY, 0, Instant.EPOCH);
        }
        List<Optional<HeadObjectResponse>> heads = S3Parallel.run(List.of(bucket.objectKey(key), bucket.folderPrefix(key)),
                2, bucket::head).orThrow();
        if (heads.get(0).isPresent()) {
            HeadObjectResponse file = heads.get(0).get();
            return new Entry(key.name(), Entry.Kind.FILE, file.contentLength(), S3Times.modified(file));
        }
        if (heads.get(1).isPresent()) {
            return new Entry(key.name(), Entry.Kind.DIRECTORY, 0, S3Times.modified(heads.get(1).get()));
        }
        // a folder without a marker (shown only by its content, or by a gateway's empty directory)
        if (listing.showsFolder(key)) {
            return new Entry(key.name(), Entry.Kind.DIRECTORY, 0, Instant.EPOCH);
        }
        throw new Failure.NotFound(key.toString());
    }

    @Override
    public Stream<Entry> list(StorageKey directory) {
        return listing.entries(directory).orElseGet(() -> switch (folders.find(directory)) {
            case Found.Folder shownOnly -> Stream.empty();
            case Found.File file -> throw new Failure.NotADirectory(directory.toString());
            case Found.Missing missing -> throw new Failure.NotFound(directory.toString());
        });
    }

    /**
     * Ranged GET for an offset; at or past the end nothing is asked for (S3 answers 416 there).
     * A large object is read ahead by several GETs at once ({@link S3ReadAhead}).
     */
    @Override
    public ReadableByteChannel read(StorageKey key, long offset) {
        if (key.isRoot()) {
            throw new Failure.NotAFile(key.toString());
        }
        String range = null;
        if (offset > 0) {
            switch (folders.find(key)) {
                case Found.File file -> {
                    if (offset >= file.head().contentLength()) {
                        return S3ReadChannel.empty();
                    }
                    range = "bytes=" + offset + "-";
                }
                case Found.Folder folder -> throw new Failure.NotAFile(key.toString());
                case Found.Missing missing -> throw new Failure.NotFound(key.toString());
            }
        }
        try {
            return get(key, range, offset);
        } catch (SdkException e) {
            // the GET has just said there is no object of that name: the listing tells a folder
            if (S3Failures.isNotFound(e) && listing.showsFolder(key)) {
                throw new Failure.NotAFile(key.toString());
            }
            throw bucket.failures().translate(e, "read " + key);
        }
    }

    /** One GET: its 404 is the answer, without the listing that would tell a folder from nothing. */
    @Override
    public Optional<ReadableByteChannel> readIfFile(StorageKey key) {
        if (key.isRoot()) {
            return Optional.empty();
        }
        try {
            return Optional.of(get(key, null, 0));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw bucket.failures().translate(e, "read " + key);
        }
    }

    /** The GET of {@code range} (null: all) that starts at {@code offset}, read ahead when the object is large. */
    private ReadableByteChannel get(StorageKey key, String range, long offset) {
        String objectKey = bucket.objectKey(key);
        return S3ReadAhead.of(bucket, objectKey, bucket.client().getObject(request -> request.bucket(bucket.name())
                .key(objectKey).range(range)), offset, transfers);
    }

    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset) {
        return write(key, mode, offset, 0);
    }

    /**
     * An announced size picks a part size that fits it into S3's 10,000 parts from the start.
     * Appending publishes only over the very object it extends (If-Match its ETag), so a
     * concurrent change isn't lost.
     */
    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset, long announcedBytes) {
        if (key.isRoot()) {
            throw new Failure.NotAFile(key.toString());
        }
        folders.requireFolder(key.parent());
        // the listing has the size and ETag a HEAD would give, and tells a folder from nothing
        S3Listing.Shown shown = listing.look(key);
        if (shown.isFolder()) {
            throw new Failure.NotAFile(key.toString());
        }
        S3Object existing = shown.file().orElse(null);
        long size = existing == null ? 0 : existing.size();
        S3Upload.Start start = switch (mode) {
            case CREATE_NEW -> {
                if (existing != null) {
                    throw new Failure.AlreadyExists(key.toString());
                }
                yield new S3Upload.Start(mode, S3Condition.MUST_BE_NEW, 0, 0, false);
            }
            case REPLACE -> new S3Upload.Start(mode, S3Condition.NONE, 0, size, existing != null);
            case APPEND -> existing == null
                    ? new S3Upload.Start(mode, S3Condition.MUST_BE_NEW, 0, 0, false)
                    : new S3Upload.Start(mode, S3Condition.unchanged(existing.eTag()), size, size, true);
            case RESUME -> {
                if (existing == null) {
                    throw new Failure.NotFound(key.toString());
                }
                if (offset > size) {
                    throw new Failure.InvalidName("resume offset " + offset + " beyond the end of " + key);
                }
                yield new S3Upload.Start(mode, S3Condition.unchanged(existing.eTag()), offset, size, true);
            }
        };
        return S3Upload.open(bucket, bucket.objectKey(key), start, transfers, S3Upload.partSizeFor(announcedBytes));
    }

    @Override
    public void makeDirectory(StorageKey key) {
        folders.make(key);
    }

    @Override
    public void removeDirectory(StorageKey key) {
        folders.remove(key);
    }

    @Override
    public void delete(StorageKey key) {
        switch (folders.find(key)) {
            case Found.File file -> bucket.delete(bucket.objectKey(key));
            case Found.Folder folder -> throw new Failure.NotAFile(key.toString());
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        }
        folders.keep(key.parent());
    }

    /** A file: a server-side copy, then DeleteObject. A folder: see {@link S3Folders#move}. */
    @Override
    public void rename(StorageKey from, StorageKey to) {
        if (from.isRoot() || to.isRoot()) {
            throw new Failure.AccessDenied("the root can't be renamed");
        }
        Found source = folders.find(from);
        if (source instanceof Found.Missing) {
            throw new Failure.NotFound(from.toString());
        }
        folders.requireFolder(to.parent());
        Found target = folders.find(to);
        if (target instanceof Found.Folder || target instanceof Found.File && source instanceof Found.Folder) {
            throw new Failure.AlreadyExists(to.toString());
        }
        if (source instanceof Found.File file) {
            copies.copy(bucket.objectKey(from), bucket.objectKey(to), file.head().contentLength());
            bucket.delete(bucket.objectKey(from));
        } else {
            folders.move(from, to);
        }
        folders.keep(from.parent());
    }

    /** The sum of object sizes under a folder (every page), or a file's size. */
    @Override
    public long usage(StorageKey key) {
        OptionalLong total = listing.totalSize(bucket.folderPrefix(key));
        if (total.isPresent() || key.isRoot()) {
            return total.orElse(0);
        }
        return switch (folders.find(key)) {
            case Found.File file -> file.head().contentLength();
            case Found.Folder folder -> 0;
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        };
    }

    /**
     * S3 can't change LastModified: the time goes into metadata, of a file (a self-copy) or of
     * a folder's marker, where stat reads it. Listings show LastModified, since ListObjectsV2
     * returns no metadata.
     */
    @Override
    public void setModified(StorageKey key, Instant modified) {
        switch (folders.find(key)) {
            case Found.File file -> {
                String objectKey = bucket.objectKey(key);
                try {
                    bucket.client().copyObject(request -> request.sourceBucket(bucket.name()).sourceKey(objectKey)
                            .destinationBucket(bucket.name()).destinationKey(objectKey)
                            .metadataDirective(MetadataDirective.REPLACE)
                            .metadata(S3Times.with(file.head().metadata(), modified))
                            .contentType(file.head().contentType()));
                } catch (SdkException e) {
                    throw bucket.failures().translate(e, "set time of " + key);
                }
            }
            case Found.Folder folder -> folders.setModified(key, modified);
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        }
    }
}
