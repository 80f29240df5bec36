package io.meshward.controlplane.policy;

import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.policy.model.Mode;
import java.util.Optional;

/** An operator's mode override as it was and as it is now. */
public record ModeChange(ModeTarget target, Optional<Mode> previous, Optional<Mode> current) {}
