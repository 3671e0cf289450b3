package xxftp.bootstrap;

import java.util.Optional;
import xxftp.bootstrap.observe.Observability;
import xxftp.ftp.FtpConfig;

/**
 * {@code xxftp serve}'s settings, validated: where the tree lives, the FTP settings, and what watches the server.
 *
 * @param createStarterTree      no tree was named and ./xxftp-root does not exist yet: make a starter tree
 * @param certificateFingerprint the self-signed certificate's SHA-256 fingerprint, when that one serves FTPS
 * @param quota                  how quotas are shared with other servers on the bucket
 */
record ServeOptions(StorageOptions storage, boolean createStarterTree, FtpConfig ftp, Optional<String> certificateFingerprint,
                    Observability.Settings observe, QuotaFlags.Settings quota) {}
