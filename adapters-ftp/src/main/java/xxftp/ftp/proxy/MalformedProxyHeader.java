package xxftp.ftp.proxy;

import java.io.IOException;

/** A PROXY header missing, cut short or not as the spec has it: the connection is closed. */
public final class MalformedProxyHeader extends IOException {

    public MalformedProxyHeader(String message) {
        super(message);
    }
}
