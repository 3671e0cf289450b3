package xxftp.bootstrap;

import java.util.List;
import picocli.CommandLine.Option;
import xxftp.domain.port.Ledger;
import xxftp.domain.port.Storage;
import xxftp.ftp.guard.Cidr;
import xxftp.ftp.guard.GuardSettings;
import xxftp.ftp.proxy.ProxyProtocol;
import xxftp.s3.S3Ledger;
import xxftp.s3.S3Storage;

/** {@code serve} as one of several servers behind a load balancer: PROXY headers, bans shared through the bucket. */
final class NodeFlags {

    @Option(names = "--proxy-protocol-from", paramLabel = "CIDR[,CIDR...]",
            description = "load balancers whose connections start with a PROXY header (v1 or v2) naming the client;"
                    + " a header from anyone else closes the connection")
    String proxyProtocolFrom = "";

    @Option(names = "--proxy-protocol-data",
            description = "passive data connections from those balancers carry a PROXY header too")
    boolean proxyProtocolData;

    @Option(names = "--shared-bans",
            description = "tell the other servers on the bucket of bans, and hold theirs, within seconds (an S3 root only)")
    boolean sharedBans;

    ProxyProtocol proxyProtocol() {
        List<Cidr> from;
        try {
            from = Cidr.parseList(proxyProtocolFrom);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--proxy-protocol-from", e.getMessage());
        }
        if (proxyProtocolData && from.isEmpty()) {
            throw new UsageError("--proxy-protocol-data", "needs --proxy-protocol-from");
        }
        return new ProxyProtocol(from, proxyProtocolData);
    }

    /** {@code own} with the bans shared when asked, which needs the tree in a bucket. */
    GuardSettings guard(GuardSettings own, StorageOptions tree) {
        if (sharedBans && !(tree instanceof StorageOptions.S3)) {
            throw new UsageError("--shared-bans", "needs the tree in a bucket (--backend s3)");
        }
        return new GuardSettings(own.bans(), own.maxConnectionsPerIp(), own.maxSessionsPerUser(), own.loginTimeout(), sharedBans);
    }

    /** Where shared bans go: the root bucket's ledger. */
    static Ledger bansLedger(Storage root) {
        return new S3Ledger((S3Storage) root);
    }
}
