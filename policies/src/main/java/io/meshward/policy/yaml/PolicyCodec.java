package io.meshward.policy.yaml;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.validate.LocatedDocument;
import io.meshward.policy.validate.Location;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicySetValidator;
import io.meshward.policy.validate.PolicyValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and writes meshward policy documents as YAML.
 *
 * <p>Reading is all or nothing: either every document of the text is valid (each on its own, and the documents
 * together) and all are returned, or {@link PolicyValidationException} lists every problem found, each with its
 * source, document, field path and line. No other exception escapes, whatever the text.
 *
 * <p>Writing gives the canonical form, which reads back to an equal document and writes again to the same bytes.
 *
 * <p>Instances hold no mutable state and may be shared between threads.
 */
public final class PolicyCodec {
  private static final String DOCUMENT_SEPARATOR = "---\n";

  private final Limits limits;
  private final PolicyWriter writer = new PolicyWriter();

  public PolicyCodec() {
    this(Limits.DEFAULT);
  }

  public PolicyCodec(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Parses and validates every document of a text; all or nothing.
   *
   * @param sourceName names the text in error messages: a file path, "request body", ...
   */
  public List<PolicyDocument> read(String sourceName, String text) throws PolicyValidationException {
    return readLocated(sourceName, text).stream().map(LocatedDocument::document).toList();
  }

  /** Like {@link #read}, but keeps where each document and each of its fields came from. */
  public List<LocatedDocument> readLocated(String sourceName, String text) throws PolicyValidationException {
    String source = sourceName == null ? "" : sourceName;
    Problems problems = new Problems(source);
    List<YamlStream.ComposedDocument> composed = YamlStream.compose(text == null ? "" : text, limits, problems);
    if (composed.isEmpty() && problems.isEmpty()) {
      problems.addForSource(Location.UNKNOWN, "no documents: the text is empty or holds only comments");
    }
    List<LocatedDocument> documents = new ArrayList<>(composed.size());
    DocumentContext.WalkBudget budget = new DocumentContext.WalkBudget(limits.maxBytes());
    for (YamlStream.ComposedDocument document : composed) {
      if (problems.isFull()) {
        break;
      }
      try {
        read(source, document, budget, problems).ifPresent(documents::add);
      } catch (LimitExceededException e) {
        problems.add(new PolicyError(source, document.index(), "", "", 0, 0, e.getMessage()));
        break;
      }
    }
    problems.addAll(PolicySetValidator.validate(List.of(), documents));
    if (!problems.isEmpty()) {
      throw new PolicyValidationException(problems.sorted());
    }
    return List.copyOf(documents);
  }

  private static Optional<LocatedDocument> read(String source, YamlStream.ComposedDocument composed,
                                                DocumentContext.WalkBudget budget, Problems problems) {
    if (composed.root() == null) {
      Location at = composed.start();
      problems.add(new PolicyError(source, composed.index(), "", "", at.line(), at.column(),
          "empty document: remove the extra '---' or give the document content"));
      return Optional.empty();
    }
    DocumentContext ctx = new DocumentContext(problems, budget, composed.index(), DocumentNames.peek(composed.root()));
    return DocumentReader.read(ctx, composed.root())
        .map(document -> new LocatedDocument(document, source, composed.index(), ctx.locations()));
  }

  /** One document in canonical form, ending with a line break. */
  public String write(PolicyDocument document) {
    return writer.write(Objects.requireNonNull(document, "document"));
  }

  /** Several documents in canonical form, separated by {@code ---} lines. */
  public String write(List<? extends PolicyDocument> documents) {
    return documents.stream().map(this::write).collect(Collectors.joining(DOCUMENT_SEPARATOR));
  }
}
