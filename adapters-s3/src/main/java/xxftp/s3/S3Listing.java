package xxftp.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import xxftp.domain.model.Entry;
import xxftp.domain.model.StorageKey;

/** ListObjectsV2, page by page: a folder's entries, the objects under a prefix, and whether a folder shows. */
final class S3Listing {

    private final S3Bucket bucket;

    S3Listing(S3Bucket bucket) {
        this.bucket = bucket;
    }

    /**
     * A folder's entries, streamed page by page (a delimiter listing), so a folder of any size
     * is never held in memory; empty when not even the first page has anything, which leaves
     * the caller to tell an empty folder from a missing one.
     */
    Optional<Stream<Entry>> entries(StorageKey directory) {
        String folder = bucket.folderPrefix(directory);
        Iterator<ListObjectsV2Response> pages = translated(bucket.client().listObjectsV2Paginator(request -> request
                .bucket(bucket.name()).prefix(folder).delimiter("/")).iterator(), "list " + directory);
        ListObjectsV2Response first = pages.next();
        if (first.contents().isEmpty() && first.commonPrefixes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Stream.concat(Stream.of(first), StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, 0), false))
                .flatMap(page -> entries(page, folder)));
    }

    /** One page's entries; keys a file tree can't show (an empty segment from "//", the folder's own marker) are skipped. */
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

    /** The first objects under a prefix, in key order. */
    List<S3Object> first(String keyPrefix, int count) {
        try {
            return bucket.client().listObjectsV2(request -> request.bucket(bucket.name()).prefix(keyPrefix).maxKeys(count)).contents();
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "list " + keyPrefix);
        }
    }

    /** The sum of the sizes of every object under a prefix, at any depth; empty when there is none. */
    OptionalLong totalSize(String keyPrefix) {
        long total = 0;
        boolean any = false;
        try {
            for (S3Object object : bucket.client().listObjectsV2Paginator(request -> request.bucket(bucket.name())
                    .prefix(keyPrefix)).contents()) {
                total += object.size();
                any = true;
            }
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "usage of " + keyPrefix);
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** Every object under a prefix, at any depth. */
    void forEach(String keyPrefix, Consumer<S3Object> action) {
        try {
            bucket.client().listObjectsV2Paginator(request -> request.bucket(bucket.name()).prefix(keyPrefix))
                    .contents().forEach(action);
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "list " + keyPrefix);
        }
    }

    /**
     * What the listing of a key's parent shows under its name: the object of exactly that key (a
     * file), and whether a common prefix of that name (a folder) is there too; S3 can hold both.
     */
    record Shown(Optional<S3Object> file, boolean folder) {

        /** A folder and no file: a file wins over a folder of the same name (a file tree can't hold both). */
        boolean isFolder() {
            return folder && file.isEmpty();
        }

        boolean isNothing() {
            return !folder && file.isEmpty();
        }
    }

    /**
     * Whether the listing of the key's parent shows it as a folder (a common prefix). This is
     * what {@link #entries} shows, whether or not the folder has a marker or any content: a
     * gateway in front of a file system shows an empty folder only that way.
     */
    boolean showsFolder(StorageKey key) {
        return look(key).folder();
    }

    /**
     * The file and the folder of a key's name, from one ListObjectsV2 (a HEAD and a listing
     * were two requests, each a round trip to a region): a listing whose prefix is the key
     * starts with the key's own object, if there is one, then lists its siblings such as
     * "name.txt" and the folder "name/" in the order of their keys' UTF-8 bytes.
     */
    Shown look(StorageKey key) {
        String objectKey = bucket.objectKey(key);
        String folder = bucket.folderPrefix(key);
        byte[] wanted = folder.getBytes(StandardCharsets.UTF_8);
        Optional<S3Object> file = Optional.empty();
        try {
            for (ListObjectsV2Response page : bucket.client().listObjectsV2Paginator(request -> request
                    .bucket(bucket.name()).prefix(objectKey).delimiter("/"))) {
                if (file.isEmpty()) {
                    file = page.contents().stream().filter(object -> object.key().equals(objectKey)).findFirst();
                }
                if (page.commonPrefixes().stream().anyMatch(common -> common.prefix().equals(folder))) {
                    return new Shown(file, true);
                }
                // past the folder's place in the order, it isn't there
                Stream<String> keys = Stream.concat(page.commonPrefixes().stream().map(CommonPrefix::prefix),
                        page.contents().stream().map(S3Object::key));
                if (keys.anyMatch(listed -> Arrays.compareUnsigned(listed.getBytes(StandardCharsets.UTF_8), wanted) > 0)) {
                    return new Shown(file, false);
                }
            }
        } catch (SdkException e) {
            throw bucket.failures().translate(e, "list " + key);
        }
        return new Shown(file, false);
    }

    /** The listing's pages, with the SDK's errors (which come while paging) translated. */
    private Iterator<ListObjectsV2Response> translated(Iterator<ListObjectsV2Response> pages, String what) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return pages.hasNext();
                } catch (SdkException e) {
                    throw bucket.failures().translate(e, what);
                }
            }

            @Override
            public ListObjectsV2Response next() {
                try {
                    return pages.next();
                } catch (SdkException e) {
                    throw bucket.failures().translate(e, what);
                }
            }
        };
    }
}
