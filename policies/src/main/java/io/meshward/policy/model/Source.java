package io.meshward.policy.model;

import java.util.Objects;

/** Who a request comes from, as an allowlist rule names it. */
public sealed interface Source {

  /** A SPIFFE id, matched against the peer's authenticated (mTLS) identity. */
  record Principal(String spiffeId) implements Source {
    public Principal {
      Objects.requireNonNull(spiffeId, "spiffeId");
    }
  }

  /** A Kubernetes service account, matched as {@code spiffe://<trust domain>/ns/<namespace>/sa/<name>}. */
  record ServiceAccount(String namespace, String name) implements Source {
    public ServiceAccount {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Every workload of a namespace: principals under {@code spiffe://<trust domain>/ns/<namespace>/}. */
  record Namespace(String name) implements Source {
    public Namespace {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A network range, matched against the downstream connection's address. */
  record Cidr(String addressPrefix, int prefixLength) implements Source {
    public Cidr {
      Objects.requireNonNull(addressPrefix, "addressPrefix");
    }

    @Override
    public String toString() {
      return addressPrefix + "/" + prefixLength;
    }
  }
}
