package io.meshward.controlplane.translate;

/** The SPIFFE ids meshward assumes for Kubernetes identities, as Istio and SPIRE's k8s workload registrar issue them. */
final class SpiffeIds {
  private SpiffeIds() {}

  static String serviceAccount(String trustDomain, String namespace, String serviceAccount) {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  static String namespacePrefix(String trustDomain, String namespace) {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/";
  }
}
