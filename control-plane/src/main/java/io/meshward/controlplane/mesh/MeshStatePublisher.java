package io.meshward.controlplane.mesh;

import io.meshward.policy.model.IngressRule;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Joins what changes what is in force (policies and modes, quarantines, the learned allowlist) into one
 * {@link MeshState} stream: each change publishes the latest of all, in order.
 */
public final class MeshStatePublisher {
  private final Consumer<MeshState> publish;
  private MeshState policies = MeshState.empty();
  private List<QuarantinedSource> quarantines = List.of();
  private Map<String, List<IngressRule>> learned = Map.of();

  public MeshStatePublisher(Consumer<MeshState> publish) {
    this.publish = Objects.requireNonNull(publish, "publish");
  }

  /** New policies, modes or mesh config. */
  public synchronized void policies(MeshState state) {
    policies = Objects.requireNonNull(state, "state");
    publish.accept(current());
  }

  /** The quarantines in force now. */
  public synchronized void quarantines(List<QuarantinedSource> inForce) {
    quarantines = List.copyOf(inForce);
    publish.accept(current());
  }

  /** The learned allowlist now, by "namespace/workload". */
  public synchronized void learned(Map<String, List<IngressRule>> rules) {
    learned = Map.copyOf(rules);
    publish.accept(current());
  }

  /** The state last published. */
  public synchronized MeshState current() {
    return policies.withQuarantines(quarantines).withLearnedRules(learned);
  }
}
