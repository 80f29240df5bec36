package io.meshward.controlplane.learn;

/**
 * Who called: the strongest identity a flow carries. A SPIFFE principal names the workload's service account and
 * namespace ({@code spiffe://cluster.local/ns/shop/sa/frontend}); without mTLS only the source address is known.
 *
 * @param kind how strong the identity is
 * @param value the principal or the address
 */
public record SourceIdentity(Kind kind, String value) {
  public enum Kind {
    /** An authenticated principal (a SPIFFE id or another URI SAN). */
    PRINCIPAL,
    /** Only the source IP address. */
    ADDRESS
  }

  public SourceIdentity {
    if (kind == null || value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a source identity needs a kind and a value");
    }
  }

  /** The principal when there is one, else the address; null when the flow carries neither. */
  public static SourceIdentity of(String principal, String address) {
    if (principal != null && !principal.isBlank()) {
      return new SourceIdentity(Kind.PRINCIPAL, principal.strip());
    }
    if (address != null && !address.isBlank()) {
      return new SourceIdentity(Kind.ADDRESS, address.strip());
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
