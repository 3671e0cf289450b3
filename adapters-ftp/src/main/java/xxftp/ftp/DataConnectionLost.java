package xxftp.ftp;

import java.io.IOException;

/** The data connection broke (or the client vanished) in the middle of a transfer. */
final class DataConnectionLost extends RuntimeException {

    DataConnectionLost(IOException cause) {
        super(cause.toString(), cause);
    }
}
