package io.meshward.controlplane.mesh;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Joins the two things that change what is in force, policies and quarantines, into one {@link MeshState} stream:
 * each change publishes the latest of both, in order.
 */
public final class MeshStatePublisher {
  private final Consumer<MeshState> publish;
  private MeshState policies = MeshState.empty();
  private List<QuarantinedSource> quarantines = List.of();

  public MeshStatePublisher(Consumer<MeshState> publish) {
    this.publish = Objects.requireNonNull(publish, "publish");
  }

  /** New policies, modes or mesh config. */
  public synchronized void policies(MeshState state) {
    policies = Objects.requireNonNull(state, "state");
    publish.accept(policies.withQuarantines(quarantines));
  }

  /** The quarantines in force now. */
  public synchronized void quarantines(List<QuarantinedSource> inForce) {
    quarantines = List.copyOf(inForce);
    publish.accept(policies.withQuarantines(quarantines));
  }

  /** The state last published. */
  public synchronized MeshState current() {
    return policies.withQuarantines(quarantines);
  }
}
