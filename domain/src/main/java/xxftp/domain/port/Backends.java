package xxftp.domain.port;

import java.net.URI;
import java.util.Optional;
import xxftp.domain.model.Location;

/** Opens the storage a mount target URI names ({@code file:///srv/x}, {@code s3://bucket/prefix}). */
public interface Backends {

    /** The location, or empty when no configured backend serves that URI. */
    Optional<Location> open(URI target);
}
