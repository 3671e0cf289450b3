package xxftp.domain.model;

/** A subtree with a byte limit ({@code .xxftp/size}), a home or a mount target. */
public record QuotaScope(Location root, long limit) {}
