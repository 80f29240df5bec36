package io.meshward.policy.validate;

import io.meshward.policy.model.PolicyDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Checks that need several documents, or several rules of one policy, at once. A pure function: it is run on every
 * file as it is parsed (with nothing in force), and again by the control plane against the documents in its store
 * before it applies anything.
 */
public final class PolicySetValidator {
  private PolicySetValidator() {}

  /**
   * Checks {@code incoming} against each other and against {@code existing}, the documents already in force. An
   * incoming document with the same kind, namespace and name as an existing one replaces it, so the two are never
   * compared.
   *
   * @return the errors found, in the order of the incoming documents; empty when the set is consistent
   */
  public static List<PolicyError> validate(Collection<? extends PolicyDocument> existing,
                                           List<LocatedDocument> incoming) {
    List<PolicyError> errors = new ArrayList<>();
    Set<LocatedDocument> repeated = IdentityCheck.check(incoming, errors);
    List<LocatedDocument> distinct = incoming.stream().filter(doc -> !repeated.contains(doc)).toList();
    SelectorConflictCheck.check(existing, distinct, errors);
    for (LocatedDocument doc : incoming) {
      RuleConflictCheck.check(doc, errors);
    }
    return errors;
  }

  /** How an error names another incoming document: "WorkloadPolicy shop/a (document 1)". */
  static String describe(LocatedDocument other, LocatedDocument from) {
    return other.documentName() + " (" + where(other, from) + ")";
  }

  /** "document 1", or "document 1 of other.yaml" when the two documents come from different sources. */
  static String where(LocatedDocument other, LocatedDocument from) {
    return other.source().equals(from.source())
        ? "document " + other.index()
        : "document " + other.index() + " of " + other.source();
  }
}
