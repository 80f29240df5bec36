package io.meshward.controlplane.translate;

/** The SPIFFE ids meshward assumes for Kubernetes identities, as Istio and SPIRE's k8s workload registrar issue them. */
public final class SpiffeIds {
  private SpiffeIds() {}

  public static String serviceAccount(String trustDomain, String namespace, String serviceAccount) {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  public static String namespacePrefix(String trustDomain, String namespace) {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/";
  }
}
