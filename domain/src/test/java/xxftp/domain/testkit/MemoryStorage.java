package xxftp.domain.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import xxftp.domain.model.Entry;
import xxftp.domain.model.Failure;
import xxftp.domain.model.StorageKey;
import xxftp.domain.model.WriteMode;
import xxftp.domain.port.Storage;
import xxftp.domain.port.Upload;

/**
 * The storage port in memory, for tests of the domain and of adapters that sit on top of it.
 * One lock guards the whole map, so every operation, and each upload's commit, is atomic.
 */
public class MemoryStorage implements Storage {

    /** A file (content) or a directory (content null). Replaced, never changed in place. */
    private record Node(byte[] content, Instant modified) {

        static Node directory() {
            return new Node(null, Instant.now());
        }

        static Node file(byte[] content) {
            return new Node(content, Instant.now());
        }

        boolean isDirectory() {
            return content == null;
        }

        long size() {
            return isDirectory() ? 0 : content.length;
        }
    }

    private final Object lock = new Object();
    private final Map<StorageKey, Node> nodes = new HashMap<>();

    public MemoryStorage() {
        nodes.put(StorageKey.ROOT, Node.directory());
    }

    @Override
    public Entry stat(StorageKey key) {
        synchronized (lock) {
            Node node = existing(key);
            return new Entry(key.name(), node.isDirectory() ? Entry.Kind.DIRECTORY : Entry.Kind.FILE,
                    node.size(), node.modified());
        }
    }

    @Override
    public Stream<Entry> list(StorageKey directory) {
        synchronized (lock) {
            directory(directory);
            // a snapshot: a test directory is small, and a later change must not break the stream
            List<StorageKey> children = nodes.keySet().stream().filter(key -> isChild(key, directory)).toList();
            return children.stream().map(this::stat).toList().stream();
        }
    }

    @Override
    public ReadableByteChannel read(StorageKey key, long offset) {
        if (offset < 0) {
            throw new Failure.InvalidName("negative offset " + offset);
        }
        synchronized (lock) {
            byte[] content = file(key).content();
            int from = (int) Math.min(offset, content.length);
            return Channels.newChannel(new ByteArrayInputStream(content, from, content.length - from));
        }
    }

    @Override
    public Upload write(StorageKey key, WriteMode mode, long offset) {
        synchronized (lock) {
            requireParent(key);
            Node node = nodes.get(key);
            if (key.isRoot() || node != null && node.isDirectory()) {
                throw new Failure.NotAFile(key.toString());
            }
            long previousSize = node == null ? 0 : node.size();
            switch (mode) {
                case CREATE_NEW -> {
                    if (node != null) {
                        throw new Failure.AlreadyExists(key.toString());
                    }
                }
                case REPLACE -> { }
                case APPEND -> {
                    if (node == null) {
                        nodes.put(key, Node.file(new byte[0]));
                    }
                }
                case RESUME -> {
                    if (node == null) {
                        throw new Failure.NotFound("nothing to resume at " + key);
                    }
                    if (offset < 0 || offset > previousSize) {
                        throw new Failure.InvalidName("resume at " + offset + " of " + previousSize + " bytes: " + key);
                    }
                    nodes.put(key, Node.file(Arrays.copyOf(node.content(), (int) offset)));
                }
            }
            return new MemoryUpload(key, mode, offset, previousSize);
        }
    }

    @Override
    public void makeDirectory(StorageKey key) {
        synchronized (lock) {
            if (nodes.containsKey(key)) {
                throw new Failure.AlreadyExists(key.toString());
            }
            requireParent(key);
            nodes.put(key, Node.directory());
        }
    }

    @Override
    public void removeDirectory(StorageKey key) {
        synchronized (lock) {
            if (key.isRoot()) {
                throw new Failure.AccessDenied("the root can't be removed");
            }
            directory(key);
            if (nodes.keySet().stream().anyMatch(other -> isChild(other, key))) {
                throw new Failure.NotEmpty(key.toString());
            }
            nodes.remove(key);
        }
    }

    @Override
    public void delete(StorageKey key) {
        synchronized (lock) {
            file(key);
            nodes.remove(key);
        }
    }

    @Override
    public void rename(StorageKey from, StorageKey to) {
        synchronized (lock) {
            if (from.isRoot()) {
                throw new Failure.AccessDenied("the root can't be moved");
            }
            Node source = existing(from);
            if (from.equals(to)) {
                return;
            }
            if (to.startsWith(from)) {
                throw new Failure.InvalidName("can't move " + from + " into itself");
            }
            requireParent(to);
            Node target = nodes.get(to);
            // only a file replaces a file
            if (to.isRoot() || target != null && (target.isDirectory() || source.isDirectory())) {
                throw new Failure.AlreadyExists(to.toString());
            }
            List<StorageKey> moved = nodes.keySet().stream().filter(key -> key.startsWith(from)).toList();
            nodes.remove(to);
            for (StorageKey key : moved) {
                List<String> rest = key.segments().subList(from.segments().size(), key.segments().size());
                StorageKey renamed = to;
                for (String segment : rest) {
                    renamed = renamed.child(segment);
                }
                nodes.put(renamed, nodes.remove(key));
            }
        }
    }

    @Override
    public long usage(StorageKey key) {
        synchronized (lock) {
            existing(key);
            return nodes.entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(key))
                    .mapToLong(entry -> entry.getValue().size())
                    .sum();
        }
    }

    @Override
    public void setModified(StorageKey key, Instant modified) {
        synchronized (lock) {
            nodes.put(key, new Node(existing(key).content(), modified));
        }
    }

    private static boolean isChild(StorageKey key, StorageKey directory) {
        return key.segments().size() == directory.segments().size() + 1 && key.startsWith(directory);
    }

    /** Nothing lies under a file, so a key below one is simply missing. */
    private Node existing(StorageKey key) {
        Node node = nodes.get(key);
        if (node == null) {
            throw new Failure.NotFound(key.toString());
        }
        return node;
    }

    private Node file(StorageKey key) {
        Node node = existing(key);
        if (node.isDirectory()) {
            throw new Failure.NotAFile(key.toString());
        }
        return node;
    }

    private void directory(StorageKey key) {
        if (!existing(key).isDirectory()) {
            throw new Failure.NotADirectory(key.toString());
        }
    }

    private void requireParent(StorageKey key) {
        Node parent = nodes.get(key.parent());
        if (key.isRoot() || parent == null || !parent.isDirectory()) {
            throw new Failure.NotFound("no directory above " + key);
        }
    }

    /**
     * REPLACE and CREATE_NEW collect bytes aside and publish them on commit; APPEND and RESUME
     * write into the stored file at once, as the port says.
     */
    private final class MemoryUpload implements Upload {
        private final StorageKey key;
        private final WriteMode mode;
        private final long previousSize;
        private final ByteArrayOutputStream staged = new ByteArrayOutputStream();
        private long position;
        private boolean committed;
        private boolean aborted;

        MemoryUpload(StorageKey key, WriteMode mode, long offset, long previousSize) {
            this.key = key;
            this.mode = mode;
            this.previousSize = previousSize;
            this.position = mode == WriteMode.RESUME ? offset : 0;
        }

        @Override
        public synchronized int write(ByteBuffer source) throws ClosedChannelException {
            if (!isOpen()) {
                throw new ClosedChannelException();
            }
            byte[] bytes = new byte[source.remaining()];
            source.get(bytes);
            switch (mode) {
                case CREATE_NEW, REPLACE -> staged.writeBytes(bytes);
                case APPEND -> writeInPlace(bytes, true);
                case RESUME -> writeInPlace(bytes, false);
            }
            return bytes.length;
        }

        private void writeInPlace(byte[] bytes, boolean atEnd) {
            synchronized (lock) {
                byte[] content = file(key).content();
                int at = (int) (atEnd ? content.length : position);
                byte[] longer = Arrays.copyOf(content, Math.max(content.length, at + bytes.length));
                System.arraycopy(bytes, 0, longer, at, bytes.length);
                nodes.put(key, Node.file(longer));
                position = at + bytes.length;
            }
        }

        @Override
        public synchronized void commit() {
            if (committed) {
                return;
            }
            if (aborted) {
                throw new IllegalStateException("upload to " + key + " was aborted");
            }
            if (mode == WriteMode.CREATE_NEW || mode == WriteMode.REPLACE) {
                synchronized (lock) {
                    requireParent(key);
                    Node node = nodes.get(key);
                    if (node != null && node.isDirectory()) {
                        throw new Failure.NotAFile(key.toString());
                    }
                    if (mode == WriteMode.CREATE_NEW && node != null) {
                        // someone else created the file since write(): never overwrite it
                        aborted = true;
                        throw new Failure.AlreadyExists(key.toString());
                    }
                    nodes.put(key, Node.file(staged.toByteArray()));
                }
            }
            committed = true;
        }

        @Override
        public synchronized void abort() {
            if (!committed) {
                aborted = true;
                staged.reset();
            }
        }

        @Override
        public long previousSize() {
            return previousSize;
        }

        @Override
        public synchronized boolean isOpen() {
            return !committed && !aborted;
        }

        @Override
        public void close() {
            abort();
        }
    }
}
