package xxftp.s3;

import java.io.ByteArrayInputStream;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * The storage port in an S3 bucket. A key's segments joined by "/" under the prefix name a
 * file; a folder is a key prefix, with a zero-byte {@code name/} marker when it was made
 * empty (MKD) or by a console. Folders made by other tools, without a marker, are folders too.
 */
public final class S3Storage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    /** S3's floor for every part of a multipart upload but the last. */
    static final long MIN_PART_BYTES = 5L << 20;
    /** S3's ceiling for CopyObject and for one UploadPartCopy. */
    static final long MAX_COPY_BYTES = 5L << 30;
    /** Files above this are copied as parallel multipart ranges when renamed. */
    static final long MULTIPART_COPY_THRESHOLD = 1L << 30;
    static final long COPY_PART_BYTES = 256L << 20;
    /** Object copies at once in a rename: bounded so a folder of 100,000 files can't flood the store. */
    static final int COPY_PARALLELISM = 8;
    /** User metadata holding a time set by MFMT: S3 can't change LastModified. */
    static final String MTIME_METADATA = "xxftp-mtime";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3Storage(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
    }

    /** Fails with a one-line reason when the bucket can't be reached with these credentials. */
    public void checkReachable() {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (SdkException e) {
            throw S3Failures.translate(e, "bucket " + bucket);
        }
    }

    String bucket() {
        return bucket;
    }

    S3Client client() {
        return s3;
    }

    String objectKey(StorageKey key) {
        return prefix + String.join("/", key.segments());
    }

    private String folderPrefix(StorageKey key) {
        return key.isRoot() ? prefix : objectKey(key) + "/";
    }

    /** What a key names: a file, a folder, or nothing. */
    private sealed interface Found {
        record File(HeadObjectResponse head) implements Found {}
        record Folder(Instant modified) implements Found {}
        record Missing() implements Found {}
    }

    private Found find(StorageKey key) {
        if (key.isRoot()) {
            return new Found.Folder(Instant.EPOCH);
        }
        try {
            return new Found.File(s3.headObject(request -> request.bucket(bucket).key(objectKey(key))));
        } catch (SdkException e) {
            if (!S3Failures.isNotFound(e)) {
                throw S3Failures.translate(e, "stat " + key);
            }
        }
        List<S3Object> first = listFirst(folderPrefix(key), 1);
        if (first.isEmpty()) {
            return new Found.Missing();
        }
        S3Object object = first.getFirst();
        // the marker sorts first; a folder without one has no time of its own
        return new Found.Folder(object.key().equals(folderPrefix(key)) ? object.lastModified() : Instant.EPOCH);
    }

    private List<S3Object> listFirst(String keyPrefix, int count) {
        try {
            return s3.listObjectsV2(request -> request.bucket(bucket).prefix(keyPrefix).maxKeys(count)).contents();
        } catch (SdkException e) {
            throw S3Failures.translate(e, "list " + keyPrefix);
        }
    }

    @Override
    public Entry stat(StorageKey key) {
        return switch (find(key)) {
            case Found.File file -> new Entry(key.name(), Entry.Kind.FILE, file.head().contentLength(), modified(file.head()));
            case Found.Folder folder -> new Entry(key.name(), Entry.Kind.DIRECTORY, 0, folder.modified());
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        };
    }

    private static Instant modified(HeadObjectResponse head) {
        String set = head.metadata().get(MTIME_METADATA);
        if (set != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(set));
            } catch (NumberFormatException malformed) {
                log.debug("Ignoring malformed {} metadata: {}", MTIME_METADATA, set);
            }
        }
        return head.lastModified();
    }

    /**
     * Streams a folder page by page (ListObjectsV2 with a delimiter): a folder of any size is
     * never held in memory. Keys a file tree can't show (an empty segment from "//") are skipped.
     */
    @Override
    public Stream<Entry> list(StorageKey directory) {
        String folder = folderPrefix(directory);
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(folder).delimiter("/").build();
        Iterator<ListObjectsV2Response> pages;
        ListObjectsV2Response first;
        try {
            pages = s3.listObjectsV2Paginator(request).iterator();
            first = pages.next();
        } catch (SdkException e) {
            throw S3Failures.translate(e, "list " + directory);
        }
        if (!directory.isRoot() && first.contents().isEmpty() && first.commonPrefixes().isEmpty()) {
            if (find(directory) instanceof Found.File) {
                throw new Failure.NotADirectory(directory.toString());
            }
            throw new Failure.NotFound(directory.toString());
        }
        Iterator<ListObjectsV2Response> rest = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return pages.hasNext();
                } catch (SdkException e) {
                    throw S3Failures.translate(e, "list " + directory);
                }
            }

            @Override
            public ListObjectsV2Response next() {
                try {
                    return pages.next();
                } catch (SdkException e) {
                    throw S3Failures.translate(e, "list " + directory);
                }
            }
        };
        return Stream.concat(Stream.of(first), StreamSupport.stream(Spliterators.spliteratorUnknownSize(rest, 0), false))
                .flatMap(page -> entries(page, folder));
    }

    static Stream<Entry> entries(ListObjectsV2Response page, String folder) {
        Stream<Entry> folders = page.commonPrefixes().stream()
                .map(CommonPrefix::prefix)
                .map(common -> common.substring(folder.length(), common.length() - 1))
                .filter(name -> !name.isEmpty())
                .map(name -> new Entry(name, Entry.Kind.DIRECTORY, 0, Instant.EPOCH));
        Stream<Entry> files = page.contents().stream()
                .filter(object -> object.key().length() > folder.length())
                .map(object -> new Entry(object.key().substring(folder.length()), Entry.Kind.FILE,
                        object.size(), object.lastModified()));
        return Stream.concat(folders, files);
    }

    /** Ranged GET for an offset; at or past the end nothing is asked for (S3 answers 416 there). */
    @Override
    public ReadableByteChannel read(StorageKey key, long offset) {
        if (key.isRoot()) {
            throw new Failure.NotAFile(key.toString());
        }
        Optional<String> range = Optional.empty();
        if (offset > 0) {
            switch (find(key)) {
                case Found.File file -> {
                    if (offset >= file.head().contentLength()) {
                        return S3ReadChannel.empty();
                    }
                    range = Optional.of("bytes=" + offset + "-");
                }
                case Found.Folder folder -> throw new Failure.NotAFile(key.toString());
                case Found.Missing missing -> throw new Failure.NotFound(key.toString());
            }
        }
        String wanted = range.orElse(null);
        try {
            return new S3ReadChannel(s3.getObject(request -> request.bucket(bucket).key(objectKey(key)).range(wanted)));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e) && find(key) instanceof Found.Folder) {
                throw new Failure.NotAFile(key.toString());
            }
            throw S3Failures.translate(e, "read " + key);
        }
    }

    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset) {
        return write(key, mode, offset, 0);
    }

    /** An announced size picks a part size that fits it into S3's 10,000 parts from the start. */
    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset, long announcedBytes) {
        int partBytes = S3Upload.partSizeFor(announcedBytes);
        if (key.isRoot()) {
            throw new Failure.NotAFile(key.toString());
        }
        requireFolder(key.parent());
        Found found = find(key);
        if (found instanceof Found.Folder) {
            throw new Failure.NotAFile(key.toString());
        }
        Optional<HeadObjectResponse> existing = found instanceof Found.File file ? Optional.of(file.head()) : Optional.empty();
        long size = existing.map(HeadObjectResponse::contentLength).orElse(0L);
        S3Upload.Condition mustBeNew = new S3Upload.Condition("*", null);
        // appending publishes only over the very object it extends, so a concurrent change isn't lost
        S3Upload.Condition sameAsBefore = new S3Upload.Condition(null, existing.map(HeadObjectResponse::eTag).orElse(null));
        return switch (mode) {
            case CREATE_NEW -> {
                if (existing.isPresent()) {
                    throw new Failure.AlreadyExists(key.toString());
                }
                yield new S3Upload(this, partBytes, objectKey(key), mode, mustBeNew, 0, 0, false);
            }
            case REPLACE -> new S3Upload(this, partBytes, objectKey(key), mode, S3Upload.Condition.NONE, 0, size, existing.isPresent());
            case APPEND -> existing.isPresent()
                    ? new S3Upload(this, partBytes, objectKey(key), mode, sameAsBefore, size, size, true)
                    : new S3Upload(this, partBytes, objectKey(key), mode, mustBeNew, 0, 0, false);
            case RESUME -> {
                if (existing.isEmpty()) {
                    throw new Failure.NotFound(key.toString());
                }
                if (offset > size) {
                    throw new Failure.InvalidName("resume offset " + offset + " beyond the end of " + key);
                }
                yield new S3Upload(this, partBytes, objectKey(key), mode, sameAsBefore, offset, size, true);
            }
        };
    }

    /** A missing parent, or a file where a folder should be, answers NotFound as on a disk. */
    private void requireFolder(StorageKey key) {
        if (!(find(key) instanceof Found.Folder)) {
            throw new Failure.NotFound(key.toString());
        }
    }

    @Override
    public void makeDirectory(StorageKey key) {
        if (key.isRoot()) {
            throw new Failure.AlreadyExists("root");
        }
        requireFolder(key.parent());
        if (!(find(key) instanceof Found.Missing)) {
            throw new Failure.AlreadyExists(key.toString());
        }
        putMarker(folderPrefix(key));
    }

    private void putMarker(String marker) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(marker).ifNoneMatch("*"), RequestBody.empty());
        } catch (SdkException e) {
            throw S3Failures.translate(e, "make folder " + marker);
        }
    }

    @Override
    public void removeDirectory(StorageKey key) {
        if (key.isRoot()) {
            throw new Failure.AccessDenied("the root can't be removed");
        }
        String folder = folderPrefix(key);
        List<S3Object> inside = listFirst(folder, 2);
        if (inside.isEmpty()) {
            if (find(key) instanceof Found.File) {
                throw new Failure.NotADirectory(key.toString());
            }
            throw new Failure.NotFound(key.toString());
        }
        if (inside.stream().anyMatch(object -> !object.key().equals(folder))) {
            throw new Failure.NotEmpty(key.toString());
        }
        deleteObject(folder);
        keepFolder(key.parent());
    }

    @Override
    public void delete(StorageKey key) {
        switch (find(key)) {
            case Found.File file -> deleteObject(objectKey(key));
            case Found.Folder folder -> throw new Failure.NotAFile(key.toString());
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        }
        keepFolder(key.parent());
    }

    private void deleteObject(String objectKey) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            throw S3Failures.translate(e, "delete " + objectKey);
        }
    }

    /**
     * A folder without a marker exists only through its content; when its last entry goes,
     * a marker keeps it, as a disk would.
     */
    private void keepFolder(StorageKey folder) {
        if (!folder.isRoot() && listFirst(folderPrefix(folder), 1).isEmpty()) {
            putMarker(folderPrefix(folder));
        }
    }

    /**
     * A file: CopyObject (multipart copy for large ones) then DeleteObject. A folder: every key
     * copied with bounded parallelism, and the originals deleted only once all copies exist, so
     * a failure leaves everything in the old place (the partial copies are removed).
     */
    @Override
    public void rename(StorageKey from, StorageKey to) {
        if (from.isRoot() || to.isRoot()) {
            throw new Failure.AccessDenied("the root can't be renamed");
        }
        Found source = find(from);
        if (source instanceof Found.Missing) {
            throw new Failure.NotFound(from.toString());
        }
        requireFolder(to.parent());
        Found target = find(to);
        if (target instanceof Found.Folder || target instanceof Found.File && source instanceof Found.Folder) {
            throw new Failure.AlreadyExists(to.toString());
        }
        if (source instanceof Found.File file) {
            copy(objectKey(from), objectKey(to), file.head().contentLength());
            deleteObject(objectKey(from));
        } else {
            moveFolder(folderPrefix(from), folderPrefix(to));
        }
        keepFolder(from.parent());
    }

    private void copy(String from, String to, long size) {
        try {
            if (size <= MULTIPART_COPY_THRESHOLD) {
                s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(from)
                        .destinationBucket(bucket).destinationKey(to));
            } else {
                S3Upload.copyInParts(this, from, to, size, COPY_PART_BYTES, COPY_PARALLELISM);
            }
        } catch (SdkException e) {
            throw S3Failures.translate(e, "copy " + from + " to " + to);
        }
    }

    private void moveFolder(String from, String to) {
        List<S3Object> objects = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(from))
                    .contents().forEach(objects::add);
        } catch (SdkException e) {
            throw S3Failures.translate(e, "list " + from);
        }
        List<String> copied = new ArrayList<>();
        Semaphore slots = new Semaphore(COPY_PARALLELISM);
        try (ExecutorService copies = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<?>> running = new HashMap<>();
            for (S3Object object : objects) {
                String target = to + object.key().substring(from.length());
                slots.acquireUninterruptibly();
                running.put(target, copies.submit(() -> {
                    try {
                        copy(object.key(), target, object.size());
                    } finally {
                        slots.release();
                    }
                }));
            }
            Failure failed = null;
            for (Map.Entry<String, Future<?>> copy : running.entrySet()) {
                try {
                    copy.getValue().get();
                    copied.add(copy.getKey());
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    failed = cause instanceof Failure f ? f : new Failure.StorageUnavailable("copy " + copy.getKey(), cause);
                }
            }
            if (failed != null) {
                log.warn("Folder rename {} -> {} failed; removing {} partial copies", from, to, copied.size());
                deleteAll(copied);
                throw failed;
            }
        }
        // children before the folder markers they sit in: a store that keeps folders as real
        // directories (S3Proxy's) then removes them too instead of leaving them empty
        deleteAll(objects.stream().map(S3Object::key).sorted(Comparator.reverseOrder()).toList());
    }

    private void deleteAll(List<String> keys) {
        for (int start = 0; start < keys.size(); start += 1000) {
            List<ObjectIdentifier> batch = keys.subList(start, Math.min(keys.size(), start + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            try {
                s3.deleteObjects(request -> request.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
            } catch (SdkException e) {
                throw S3Failures.translate(e, "delete " + batch.size() + " objects");
            }
        }
    }

    /** The sum of object sizes under a folder (every page), or a file's size. */
    @Override
    public long usage(StorageKey key) {
        String folder = folderPrefix(key);
        long total = 0;
        boolean any = false;
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(folder)).contents()) {
                total += object.size();
                any = true;
            }
        } catch (SdkException e) {
            throw S3Failures.translate(e, "usage of " + key);
        }
        if (any || key.isRoot()) {
            return total;
        }
        return switch (find(key)) {
            case Found.File file -> file.head().contentLength();
            case Found.Folder folderOnly -> 0;
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        };
    }

    /**
     * S3 can't change LastModified: the time goes into the object's metadata (a self-copy),
     * where stat reads it. Listings show LastModified, since ListObjectsV2 returns no metadata.
     */
    @Override
    public void setModified(StorageKey key, Instant modified) {
        switch (find(key)) {
            case Found.File file -> {
                Map<String, String> metadata = new HashMap<>(file.head().metadata());
                metadata.put(MTIME_METADATA, Long.toString(modified.toEpochMilli()));
                String objectKey = objectKey(key);
                try {
                    s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(objectKey)
                            .destinationBucket(bucket).destinationKey(objectKey)
                            .metadataDirective(MetadataDirective.REPLACE).metadata(metadata)
                            .contentType(file.head().contentType()));
                } catch (SdkException e) {
                    throw S3Failures.translate(e, "set time of " + key);
                }
            }
            case Found.Folder folder -> log.debug("S3 folders have no time to set: {}", key);
            case Found.Missing missing -> throw new Failure.NotFound(key.toString());
        }
    }

    /** A request body over part of an array, without copying it; re-readable for retries. */
    static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }
}
