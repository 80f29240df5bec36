package io.meshward.waf.bodyprocessors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.Arrays;

/**
 * JSON bodies flattened into ARGS_POST with Coraza's names, by Jackson's streaming parser (no tree, no recursion).
 *
 * <p>Names: the prefix {@code json}, then one {@code .segment} per level: the key for an object member, the index
 * for an array element. {@code {"a":{"b":1},"c":[10,20]}} gives {@code json.a.b=1}, {@code json.c.0=10},
 * {@code json.c.1=20} and {@code json.c=2}: a non-empty array also yields its element count under its own name,
 * after its elements (Coraza does this; an empty array or object yields nothing). A top-level array is named
 * {@code json} ({@code [1]} gives {@code json.0=1} and {@code json=1}); a top-level scalar is {@code json}. Keys are
 * used as they are: dots in keys are not escaped, so different documents can produce the same names.
 *
 * <p>Values: strings decoded ({@code \}u escapes included, surrogate pairs joined) and written as UTF-8 bytes;
 * numbers exactly as written ({@code 1.50e+3} stays so); {@code true}, {@code false}; {@code null} becomes the empty
 * string (gjson's rendering, which Coraza uses). Duplicate keys are all kept, in order (Coraza keeps the last only);
 * a WAF should see every value a backend might pick.
 *
 * <p>Errors (REQBODY_ERROR): malformed JSON (strict RFC 8259: no comments, single quotes, trailing commas, NaN),
 * invalid UTF-8, anything after the top-level value, nesting deeper than the depth limit, the arguments limit. What
 * was collected before the error is kept (Coraza's "best effort"). An empty or all-whitespace body is no error.
 */
final class JsonBodyParser {
  static final String ERROR_PREFIX = "JSON parsing error: ";

  private JsonBodyParser() {}

  /** A Jackson factory for the limits: thread-safe, create once per {@link BodyLimits}. */
  static JsonFactory factory(BodyLimits limits) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        // our own depth check fires first and gives our message; this is the backstop
        .maxNestingDepth(limits.maxDepth() + 1 > 0 ? limits.maxDepth() + 1 : Integer.MAX_VALUE)
        .maxNumberLength(Integer.MAX_VALUE)
        .maxStringLength(Integer.MAX_VALUE)
        .maxNameLength(Integer.MAX_VALUE)
        .maxDocumentLength(-1)
        .build();
    // Field-name canonicalization stays on: without it Jackson reads bytes through a lenient Reader that turns
    // invalid UTF-8 into U+FFFD instead of failing. Its symbol table is bounded and fails on hash flooding.
    // Interning is off: attacker-chosen names must not go into the JVM's string table.
    return JsonFactory.builder()
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .streamReadConstraints(constraints)
        .build();
  }

  /** Parses {@code body[0, length)} into {@code out.args}. */
  static void parse(JsonFactory factory, byte[] body, int length, BodyLimits limits, Budget budget,
      BodyResult.Builder out) {
    new Walker(body, length, limits, budget, out).run(factory);
  }

  private static final class Walker {
    private final byte[] body;
    private final int length;
    private final BodyLimits limits;
    private final Budget budget;
    private final BodyResult.Builder out;

    private final StringBuilder path = new StringBuilder("json");
    /** Per open container (index 1..depth): the path length at its start, whether an array, next element index. */
    private int[] base = new int[16];
    private boolean[] array = new boolean[16];
    private int[] index = new int[16];
    private int depth;

    Walker(byte[] body, int length, BodyLimits limits, Budget budget, BodyResult.Builder out) {
      this.body = body;
      this.length = length;
      this.limits = limits;
      this.budget = budget;
      this.out = out;
    }

    void run(JsonFactory factory) {
      try (JsonParser p = factory.createParser(body, 0, length)) {
        boolean rootDone = false;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          if (rootDone) {
            out.fail(ERROR_PREFIX + "unexpected data after the top-level value at offset "
                + p.currentTokenLocation().getByteOffset());
            return;
          }
          switch (t) {
            case FIELD_NAME:
              path.setLength(base[depth]);
              path.append('.').append(ByteStrings.utf8(p.currentName()));
              break;
            case START_OBJECT:
            case START_ARRAY:
              elementName();
              if (depth + 1 > limits.maxDepth()) {
                out.fail(ERROR_PREFIX + "JSON depth limit exceeded (" + limits.maxDepth() + ")");
                return;
              }
              push(t == JsonToken.START_ARRAY);
              break;
            case END_OBJECT:
              depth--;
              rootDone = depth == 0;
              break;
            case END_ARRAY:
              int count = index[depth];
              path.setLength(base[depth]);
              depth--;
              if (count > 0 && !emit(Integer.toString(count))) {
                return;
              }
              rootDone = depth == 0;
              break;
            case VALUE_STRING:
              elementName();
              if (!emit(ByteStrings.utf8(p.getText()))) {
                return;
              }
              rootDone = depth == 0;
              break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
              elementName();
              if (!emit(p.getText())) {
                return;
              }
              rootDone = depth == 0;
              break;
            case VALUE_NULL:
              elementName();
              if (!emit("")) {
                return;
              }
              rootDone = depth == 0;
              break;
            default:
              // VALUE_EMBEDDED_OBJECT, NOT_AVAILABLE: not produced for byte input
              break;
          }
        }
        if (depth > 0) {
          out.fail(ERROR_PREFIX + "unexpected end of input");
        }
      } catch (JsonProcessingException e) {
        out.fail(ERROR_PREFIX + ByteStrings.sanitize(e.getOriginalMessage(), 200) + locationOf(e));
      } catch (IOException e) {
        out.fail(ERROR_PREFIX + ByteStrings.sanitize(e.getMessage(), 200));
      } catch (IllegalStateException e) {
        // the symbol table refusing a flood of colliding names
        out.fail(ERROR_PREFIX + ByteStrings.sanitize(e.getMessage(), 200));
      }
    }

    private static String locationOf(JsonProcessingException e) {
      if (e.getLocation() == null || e.getLocation().getByteOffset() < 0) {
        return "";
      }
      return " at offset " + e.getLocation().getByteOffset();
    }

    /** Sets the path for the next value when it is an array element (objects set it at FIELD_NAME). */
    private void elementName() {
      if (depth > 0 && array[depth]) {
        path.setLength(base[depth]);
        path.append('.').append(index[depth]++);
      }
    }

    private void push(boolean isArray) {
      depth++;
      if (depth >= base.length) {
        int n = base.length * 2;
        base = Arrays.copyOf(base, n);
        array = Arrays.copyOf(array, n);
        index = Arrays.copyOf(index, n);
      }
      base[depth] = path.length();
      array[depth] = isArray;
      index[depth] = 0;
    }

    /** Adds {@code path = value}; false (with the error recorded) when a limit stops the parse. */
    private boolean emit(String value) {
      if (!budget.takeArg(path.length() + value.length())) {
        if (budget.argsExceeded()) {
          out.argsLimitExceeded = true;
          out.fail(ERROR_PREFIX + "arguments limit exceeded (" + budget.maxArgs() + ")");
        } else {
          out.fail(ERROR_PREFIX + "collected data limit exceeded (" + budget.maxBytes() + " bytes)");
        }
        return false;
      }
      out.args.add(new NamedValue(path.toString(), value));
      return true;
    }
  }
}
