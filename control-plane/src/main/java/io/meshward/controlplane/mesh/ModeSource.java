package io.meshward.controlplane.mesh;

/** Why a workload is in the mode it is in, so that an operator can tell which knob to turn. */
public enum ModeSource {
  /** {@code meshward mode set namespace/workload}. */
  WORKLOAD_OVERRIDE,
  /** {@code meshward mode set namespace}. */
  NAMESPACE_OVERRIDE,
  /** The {@code spec.mode} of the WorkloadPolicy that selects the workload. */
  POLICY,
  /** {@code spec.defaultMode} of the MeshConfig. */
  MESH_DEFAULT,
  /** The node did not say which workload it is: LEARN, nothing denied. */
  UNIDENTIFIED_NODE
}
