package xxftp.bootstrap;

import xxftp.ftp.FtpConfig;

/**
 * {@code xxftp serve}'s settings, validated: where the tree lives and the FTP settings.
 *
 * @param createStarterTree no tree was named and ./xxftp-root does not exist yet: make a starter tree
 */
record ServeOptions(StorageOptions storage, boolean createStarterTree, FtpConfig ftp) {}
