package xxftp.ftp;

import xxftp.domain.port.Accounts;
import xxftp.domain.port.Greetings;
import xxftp.domain.port.Namespace;
import xxftp.domain.port.Quota;


/** What every session shares: the domain's ports, the settings and the command table. */
record Services(FtpConfig config, Accounts accounts, Greetings greetings, Namespace namespace, Quota quota,
                CommandTable commands, PassivePorts passivePorts) {}
