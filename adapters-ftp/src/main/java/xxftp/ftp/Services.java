package xxftp.ftp;

import xxftp.domain.Accounts;
import xxftp.domain.Greetings;
import xxftp.domain.Namespace;
import xxftp.domain.Quota;

/** What every session shares: the domain's ports, the settings and the command table. */
record Services(FtpConfig config, Accounts accounts, Greetings greetings, Namespace namespace, Quota quota,
                CommandTable commands, PassivePorts passivePorts) {}
