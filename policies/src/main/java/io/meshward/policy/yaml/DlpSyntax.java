package io.meshward.policy.yaml;

import io.meshward.policy.model.DlpSensorDocument;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values of a DlpSensor: its enums, spelt in YAML in lower case with dashes ({@code us-ssn}, {@code request-body}),
 * the mask character and the regexes. Each check throws {@link IllegalArgumentException} with the error to report.
 */
final class DlpSyntax {
  /** Longer regexes are no sensible sensor pattern; the bound also caps what checking one costs. */
  static final int MAX_REGEX_LENGTH = 4096;

  private DlpSyntax() {}

  static DlpSensorDocument.Validator validator(String text) {
    return enumValue(text, DlpSensorDocument.Validator.class, "validator");
  }

  static DlpSensorDocument.Location location(String text) {
    return enumValue(text, DlpSensorDocument.Location.class, "location");
  }

  static DlpSensorDocument.Action action(String text) {
    return enumValue(text, DlpSensorDocument.Action.class, "action");
  }

  /** The YAML spelling of an enum constant: {@code US_SSN} is written {@code us-ssn}. */
  static String configName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Accepts any case, and '_' for '-', since the engine's own names are the upper-case constants. */
  private static <E extends Enum<E>> E enumValue(String text, Class<E> type, String what) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(DlpSyntax::configName).toList();
    String normalised = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    int at = names.indexOf(normalised);
    if (at >= 0) {
      return type.getEnumConstants()[at];
    }
    throw new IllegalArgumentException("unknown " + what + " " + Quote.value(text) + ": expected one of "
        + String.join(", ", names) + Suggestions.closest(normalised, names).map(s -> "; did you mean " + s + "?")
        .orElse(""));
  }

  static char maskCharacter(String text) {
    if (text.length() != 1 || DlpSensorDocument.Mask.ALLOWED_CHARACTERS.indexOf(text.charAt(0)) < 0) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a mask character: use one printable ASCII"
          + " character other than a letter, a digit, '\"' and '\\' (it must stay valid inside JSON strings and"
          + " headers), such as '*' or '#'");
    }
    return text.charAt(0);
  }

  /**
   * A regex that Java's engine compiles. waf-filter's engine accepts a subset of that syntax and makes further checks
   * (bounded repetition, no anchors or back references) when it loads the sensor; this first check catches the typos
   * where the operator writes the file.
   */
  static String regex(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the regex is empty: it would match everywhere");
    }
    if (text.length() > MAX_REGEX_LENGTH) {
      throw new IllegalArgumentException("the regex is " + text.length() + " characters long; at most "
          + MAX_REGEX_LENGTH + " are supported");
    }
    try {
      Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("the regex does not compile: " + e.getDescription()
          + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + " of " + Quote.value(text));
    } catch (StackOverflowError e) {
      // Java's regex compiler recurses on nesting; a pathologically nested regex must be an error, not a crash.
      throw new IllegalArgumentException("the regex nests too deeply");
    }
    return text;
  }
}
