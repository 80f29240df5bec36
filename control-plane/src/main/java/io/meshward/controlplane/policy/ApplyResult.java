package io.meshward.controlplane.policy;

import java.util.List;

/**
 * The outcome of a successful apply.
 *
 * @param documents one entry per document of the file, in file order
 * @param revision the store revision after the apply
 */
public record ApplyResult(List<AppliedDocument> documents, long revision) {
  public ApplyResult {
    documents = List.copyOf(documents);
  }
}
