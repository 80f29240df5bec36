package io.meshward.policy.yaml;

import io.meshward.policy.validate.Location;
import io.meshward.policy.validate.PolicyError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Turns a text into one node tree per document, within the {@link Limits}. YAML errors become {@link PolicyError}s;
 * the documents composed before a syntax error are still returned, so that their errors are reported too.
 */
final class YamlStream {
  private static final int MAX_MESSAGE = 300;

  /** One document's tree; {@code root} is null for an empty document. */
  record ComposedDocument(int index, Node root, Location start) {}

  private YamlStream() {}

  static List<ComposedDocument> compose(String text, Limits limits, Problems problems) {
    if (!withinSize(text, limits, problems) || !onlyAllowedCharacters(text, problems)) {
      return List.of();
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(problems.source())
        .setSchema(new KubernetesSchema())
        .setAllowRecursiveKeys(false)
        .setMaxAliasesForCollections(limits.maxAliases())
        .setCodePointLimit(limits.maxBytes())
        .setParseComments(false)
        .setUseMarks(true)
        .build();
    LimitingParser parser = new LimitingParser(new ParserImpl(settings,
        new StreamReader(settings, new PairPreservingReader(text))), limits);
    List<ComposedDocument> documents = new ArrayList<>();
    try {
      Composer composer = new Composer(settings, parser);
      while (composer.hasNext()) {
        Node root = composer.next();
        int index = documents.size() + 1;
        documents.add(new ComposedDocument(index, isNull(root) ? null : root, location(parser.documentStart(index))));
      }
    } catch (LimitExceededException e) {
      problems.add(error(problems, parser.currentDocument(), e.mark(), e.getMessage()));
    } catch (MarkedYamlEngineException e) {
      problems.add(error(problems, parser.currentDocument(), e.getProblemMark(), syntaxMessage(e)));
    } catch (YamlEngineException e) {
      problems.add(error(problems, parser.currentDocument(), Optional.empty(), engineMessage(e, limits)));
    } catch (RuntimeException e) {
      // The YAML library failing on input it should have rejected cleanly: still the input's fault, not ours.
      problems.add(error(problems, parser.currentDocument(), Optional.empty(),
          "invalid YAML: " + Quote.oneLine(String.valueOf(e.getMessage()), MAX_MESSAGE)));
    }
    return documents;
  }

  static Location location(Optional<Mark> mark) {
    return mark.map(m -> new Location(m.getLine() + 1, m.getColumn() + 1)).orElse(Location.UNKNOWN);
  }

  private static boolean isNull(Node root) {
    return root instanceof ScalarNode && Tag.NULL.equals(root.getTag());
  }

  private static boolean withinSize(String text, Limits limits, Problems problems) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      if (bytes > limits.maxBytes()) {
        problems.addForSource(Location.UNKNOWN, "the text is too large: at most " + limits.maxBytes()
            + " bytes are accepted; split it into several files");
        return false;
      }
    }
    return true;
  }

  /**
   * YAML forbids control characters and unpaired surrogates (text that was not valid UTF-8 or UTF-16). The YAML
   * reader rejects them too, but without saying where; reporting each with its line is kinder.
   */
  private static boolean onlyAllowedCharacters(String text, Problems problems) {
    boolean ok = true;
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length() && !problems.isFull(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!StreamReader.isPrintable(cp)) {
        ok = false;
        String name = String.format("U+%04X", cp);
        problems.addForSource(new Location(line, column), Character.getType(cp) == Character.SURROGATE
            ? "unpaired surrogate " + name + ": the text is not valid Unicode (was it decoded with the right charset?)"
            : "character " + name + " is not allowed in YAML text; write it as an escape in a double-quoted string");
      }
      boolean lineBreak = cp == '\n' || (cp == '\r' && (i >= text.length() || text.charAt(i) != '\n'));
      line += lineBreak ? 1 : 0;
      column = lineBreak ? 1 : column + 1;
    }
    return ok;
  }

  private static PolicyError error(Problems problems, int document, Optional<Mark> mark, String message) {
    Location at = location(mark);
    return new PolicyError(problems.source(), document, "", "", at.line(), at.column(), message);
  }

  private static String syntaxMessage(MarkedYamlEngineException e) {
    StringBuilder message = new StringBuilder("invalid YAML: ")
        .append(Quote.oneLine(String.valueOf(e.getProblem()), MAX_MESSAGE));
    if (e.getContext() != null && !e.getContext().isEmpty()) {
      message.append(" (").append(Quote.oneLine(e.getContext(), MAX_MESSAGE));
      e.getContextMark().ifPresent(m -> message.append(" that starts at line ").append(m.getLine() + 1)
          .append(", column ").append(m.getColumn() + 1));
      message.append(')');
    }
    return message.toString();
  }

  private static String engineMessage(YamlEngineException e, Limits limits) {
    String raw = String.valueOf(e.getMessage());
    if (raw.startsWith("Number of aliases")) {
      return "too many aliases: at most " + limits.maxAliases() + " aliases to lists or mappings are accepted";
    }
    return "invalid YAML: " + Quote.oneLine(raw, MAX_MESSAGE);
  }
}
