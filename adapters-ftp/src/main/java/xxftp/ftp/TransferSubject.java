package xxftp.ftp;

import xxftp.domain.model.VirtualPath;
import xxftp.ftp.events.FtpEvent;

/** What a transfer moves: the verb, its direction and the path; shown in 150s and the log as "VERB /path". */
record TransferSubject(String verb, FtpEvent.Direction direction, VirtualPath path) {

    @Override
    public String toString() {
        return verb + " " + path;
    }
}
