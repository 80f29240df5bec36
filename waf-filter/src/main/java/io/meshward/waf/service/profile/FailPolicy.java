package io.meshward.waf.service.profile;

/**
 * What a request gets when it could not be inspected (an engine error, the time budget spent, the service over its
 * concurrency limit, a protocol violation by the proxy): a gateway must choose between availability and safety, and
 * the choice belongs to the profile, not to an accident of the code path.
 */
public enum FailPolicy {
  /** Let it through, marked as uninspected in the findings. */
  OPEN,
  /** Refuse it (503 for a service that could not inspect, 403 in ext_proc's immediate responses). */
  CLOSED
}
