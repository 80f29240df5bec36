package io.meshward.policy.validate;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.MeshConfig;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Each document may appear once in a set of incoming documents, and the mesh has one MeshConfig. */
final class IdentityCheck {
  private IdentityCheck() {}

  /** Adds an error for each repeated document and returns those repeats, which later checks then ignore. */
  static Set<LocatedDocument> check(List<LocatedDocument> incoming, List<PolicyError> errors) {
    Set<LocatedDocument> repeats = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<DocumentKey, LocatedDocument> seen = new HashMap<>();
    LocatedDocument meshConfig = null;
    for (LocatedDocument doc : incoming) {
      if (doc.document() instanceof MeshConfig) {
        // Reported apart from other repeats: a MeshConfig under another name is still a second MeshConfig.
        if (meshConfig != null) {
          repeats.add(doc);
          errors.add(doc.error("metadata.name", "only one MeshConfig is allowed, and "
              + PolicySetValidator.describe(meshConfig, doc) + " is one already"));
        } else {
          meshConfig = doc;
        }
        continue;
      }
      LocatedDocument first = seen.putIfAbsent(doc.document().key(), doc);
      if (first != null) {
        repeats.add(doc);
        errors.add(doc.error("metadata.name", doc.documentName() + " is defined twice: it is already "
            + PolicySetValidator.where(first, doc)));
      }
    }
    return repeats;
  }
}
