package xxftp.ftp;

import java.util.concurrent.ScheduledExecutorService;
import xxftp.domain.port.Accounts;
import xxftp.domain.port.Greetings;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Quota;
import xxftp.ftp.guard.Guard;


/**
 * What every session shares: the domain's ports, the settings, the command table, the guard
 * against abuse, and one timer thread for deadlines (unused passive listeners, stalled data).
 */
record Services(FtpConfig config, Accounts accounts, Greetings greetings, Namespace namespace, Quota quota,
                CommandTable commands, PassivePorts passivePorts, Guard guard, ScheduledExecutorService timers) {}
