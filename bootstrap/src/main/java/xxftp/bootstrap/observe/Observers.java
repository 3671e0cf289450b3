package xxftp.bootstrap.observe;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xxftp.ftp.events.FtpEvent;
import xxftp.ftp.events.FtpListener;

/** Hands each event to every listener in turn; one that throws does not keep it from the others. */
final class Observers implements FtpListener {

    private static final Logger log = LoggerFactory.getLogger(Observers.class);

    private final List<FtpListener> listeners;
    private final boolean details;

    Observers(List<FtpListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.details = listeners.stream().anyMatch(FtpListener::wantsDetails);
    }

    @Override
    public void on(FtpEvent event) {
        for (FtpListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException bug) {
                log.warn("{} failed on {}", listener.getClass().getSimpleName(), event.getClass().getSimpleName(), bug);
            }
        }
    }

    @Override
    public boolean wantsDetails() {
        return details;
    }
}
