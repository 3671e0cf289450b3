package xxftp.domain.port;

import java.util.Optional;

/** The operator's texts for the 220 greeting and the 221 goodbye. */
public interface Greetings {

    Optional<String> welcome();

    Optional<String> goodbye();
}
