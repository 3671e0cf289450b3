package xxftp.bootstrap.observe;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import xxftp.domain.model.Location;
import xxftp.ftp.events.FtpEvent;
import xxftp.localfs.LocalStorage;
import xxftp.s3.S3Storage;

/**
 * An event as hooks receive it (schema version {@link #VERSION}): what happened, to which file,
 * for whom, and where the file is stored (a bucket and key, or a file on disk).
 *
 * @param id     unique per event, the same on every retry of its delivery (to drop repeats)
 * @param bytes  an upload's or download's bytes over the data connection
 * @param sha256 a whole-file upload's SHA-256, hex
 * @param from   a rename's source
 * @param file   where the file is on this machine's disk (local storage)
 */
public record HookEvent(String event, String id, Instant time, long session, Optional<String> user, String remote,
                        Optional<String> path, Optional<String> from, OptionalLong bytes, Optional<String> sha256,
                        Optional<String> bucket, Optional<String> key, Optional<String> file) {

    public static final int VERSION = 1;
    /** Every event name a hook may ask for, besides "*". */
    public static final List<String> NAMES = List.of("login", "logout", "upload", "download", "delete", "rename", "mkdir",
            "rmdir", "quota-refused", "ban");

    /** The event hooks hear of, if any: logins that worked, logouts, completed transfers of files, changes, refusals, bans. */
    static Optional<HookEvent> of(FtpEvent event, Instant now) {
        return switch (event) {
            case FtpEvent.LoginAttempt login when login.outcome() == FtpEvent.LoginOutcome.OK ->
                    Optional.of(about("login", event, now, null, null, OptionalLong.empty(), Optional.empty(), Optional.empty()));
            case FtpEvent.SessionEnded ended when ended.client().user().isPresent() ->
                    Optional.of(about("logout", event, now, null, null, OptionalLong.empty(), Optional.empty(), Optional.empty()));
            case FtpEvent.TransferDone transfer when transfer.outcome() == FtpEvent.Outcome.COMPLETE
                    && transfer.direction() != FtpEvent.Direction.LISTING ->
                    Optional.of(about(transfer.direction() == FtpEvent.Direction.UPLOAD ? "upload" : "download", event, now,
                            transfer.path().toString(), null, OptionalLong.of(transfer.bytes()), transfer.sha256(),
                            transfer.location()));
            case FtpEvent.Changed changed -> Optional.of(about(changed.change().name().toLowerCase(Locale.ROOT), event, now,
                    changed.path().toString(), changed.from().map(Object::toString).orElse(null), OptionalLong.empty(),
                    Optional.empty(), changed.location()));
            case FtpEvent.QuotaRefused refused -> Optional.of(about("quota-refused", event, now, refused.path().toString(), null,
                    OptionalLong.empty(), Optional.empty(), Optional.empty()));
            case FtpEvent.Banned banned ->
                    Optional.of(about("ban", event, now, null, null, OptionalLong.empty(), Optional.empty(), Optional.empty()));
            default -> Optional.empty();
        };
    }

    private static HookEvent about(String name, FtpEvent event, Instant now, String path, String from, OptionalLong bytes,
                                   Optional<String> sha256, Optional<Location> location) {
        Optional<S3Storage> s3 = location.map(Location::storage).filter(S3Storage.class::isInstance).map(S3Storage.class::cast);
        Optional<Path> file = location.filter(where -> where.storage() instanceof LocalStorage)
                .map(where -> ((LocalStorage) where.storage()).file(where.key()));
        return new HookEvent(name, UUID.randomUUID().toString(), now, event.client().session(), event.client().user(),
                event.client().remote().getHostAddress(), Optional.ofNullable(path), Optional.ofNullable(from), bytes, sha256,
                s3.map(S3Storage::bucketName), location.flatMap(where -> s3.map(bucket -> bucket.objectKey(where.key()))),
                file.map(Path::toString));
    }

    /** What keeps a file's events in order: its path; a session's other events by the session. */
    String orderKey() {
        return path.orElse("session " + session);
    }
}
