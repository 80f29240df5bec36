package io.meshward.controlplane.mesh;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who a connected xDS node is, from its {@code node.id} and {@code node.metadata}.
 *
 * @param nodeId the node's id, unique per proxy instance
 * @param kind sidecar or proxyless server
 * @param namespace the workload's namespace; empty when the node did not say
 * @param workload the workload name; empty when the node did not say
 * @param serviceAccount the workload's service account; empty when unknown
 * @param labels the workload's labels, sorted
 * @param inboundPort the port of the sidecar's inbound listener
 * @param appPort the port the local application listens on, behind the sidecar
 * @param warnings what was missing or malformed in the node's metadata, and the safe default taken instead
 */
public record NodeIdentity(
    String nodeId,
    NodeKind kind,
    String namespace,
    String workload,
    String serviceAccount,
    Map<String, String> labels,
    int inboundPort,
    int appPort,
    List<String> warnings) {

  public static final int DEFAULT_INBOUND_PORT = 15006;
  public static final int DEFAULT_APP_PORT = 8080;

  public NodeIdentity {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    workload = workload == null ? "" : workload;
    serviceAccount = serviceAccount == null ? "" : serviceAccount;
    labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /**
   * Whether the node told us enough to be governed by policies. A node without namespace or workload cannot be
   * selected safely, so it runs in LEARN with nothing denied.
   */
  public boolean identified() {
    return !namespace.isEmpty() && !workload.isEmpty();
  }

  /** "namespace/workload", the name operators use for a workload. */
  public String workloadRef() {
    return (namespace.isEmpty() ? "?" : namespace) + "/" + (workload.isEmpty() ? "?" : workload);
  }

  /**
   * Everything translation depends on, without the node id: nodes of the same workload share one translation.
   */
  public TranslationKey translationKey() {
    return new TranslationKey(kind, namespace, workload, serviceAccount, labels, inboundPort, appPort);
  }

  /** The part of a node's identity that its resources depend on. */
  public record TranslationKey(NodeKind kind, String namespace, String workload, String serviceAccount,
                               Map<String, String> labels, int inboundPort, int appPort) {}
}
