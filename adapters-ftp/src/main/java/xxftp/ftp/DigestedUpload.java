package xxftp.ftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import xxftp.domain.port.Upload;

/** An upload of a whole file that hashes what it stores (SHA-256), for the upload's event. */
final class DigestedUpload implements Upload {

    private final Upload stored;
    private final MessageDigest digest;
    private String hex;

    DigestedUpload(Upload stored) {
        this.stored = stored;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        ByteBuffer seen = source.duplicate();
        int written = stored.write(source);
        seen.limit(seen.position() + written);
        digest.update(seen);
        return written;
    }

    @Override
    public void commit() {
        stored.commit();
        hex = HexFormat.of().formatHex(digest.digest());
    }

    /** The hash of the stored file, once committed. */
    Optional<String> sha256() {
        return Optional.ofNullable(hex);
    }

    @Override
    public void abort() {
        stored.abort();
    }

    @Override
    public long previousSize() {
        return stored.previousSize();
    }

    @Override
    public boolean isOpen() {
        return stored.isOpen();
    }

    @Override
    public void close() {
        stored.close();
    }
}
