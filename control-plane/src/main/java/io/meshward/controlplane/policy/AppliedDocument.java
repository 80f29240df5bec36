package io.meshward.controlplane.policy;

import io.meshward.policy.model.DocumentKey;

/**
 * What applying one document did.
 *
 * @param action CREATED, UPDATED or UNCHANGED
 * @param generation the document's generation after the apply
 */
public record AppliedDocument(DocumentKey key, Action action, long generation) {
  public enum Action { CREATED, UPDATED, UNCHANGED }
}
