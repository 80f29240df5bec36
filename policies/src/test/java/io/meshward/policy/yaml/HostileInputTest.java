package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.CODEC;
import static io.meshward.policy.yaml.PolicyTexts.errors;
import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.policyWithSpec;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static io.meshward.policy.yaml.PolicyTexts.readPolicy;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicyValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Whatever the text, reading ends in bounded time and memory with documents or a validation failure. */
class HostileInputTest {

  /**
   * Reads {@code text}; the only acceptable outcomes are documents or a validation failure whose errors each fit
   * on one line. Returns the documents, or null when the text was rejected.
   */
  private static List<PolicyDocument> readsOrRejectsCleanly(PolicyCodec codec, String text) {
    try {
      return codec.read("fuzz.yaml", text);
    } catch (PolicyValidationException e) {
      assertThat(e.errors()).isNotEmpty().hasSizeLessThanOrEqualTo(200);
      for (PolicyError error : e.errors()) {
        assertThat(error.format()).doesNotContain("\n", "\r");
      }
      return null;
    } catch (Throwable unexpected) {
      return fail("reading threw " + unexpected + " for the input " + Quote.value(text.length() > 2000
          ? text.substring(0, 2000) : text), unexpected);
    }
  }

  @Nested
  class ResourceLimits {
    @Test
    void aTextOverTheSizeLimitIsOneError() {
      PolicyCodec small = new PolicyCodec(new Limits(100, 10, 5, 10));

      assertThat(formattedErrors(small, "#" + "é".repeat(50))).containsExactly(
          "test.yaml: the text is too large: at most 100 bytes are accepted; split it into several files");
      assertThat(formattedErrors(small, "#" + "é".repeat(49))).containsExactly(
          "test.yaml: no documents: the text is empty or holds only comments");
    }

    @Test
    void theDefaultLimitIsFourMebibytes() {
      String text = "# " + "x".repeat(4 * 1024 * 1024) + "\n";

      assertThat(formattedErrors(text)).containsExactly(
          "test.yaml: the text is too large: at most 4194304 bytes are accepted; split it into several files");
    }

    @Test
    void aTextWithTooManyDocumentsIsRejectedAtTheFirstOneTooMany() {
      PolicyCodec codec = new PolicyCodec(new Limits(10_000, 3, 5, 10));
      String text = "---\nkind: A\n".repeat(5);

      assertThat(formattedErrors(codec, text)).contains("test.yaml:7:1: document 4: too many documents: at most 3"
          + " are accepted in one text");
    }

    @Test
    void tenThousandNestedListsStopAtTheNestingLimit() {
      String text = "[".repeat(10_000) + "]".repeat(10_000);

      assertThat(formattedErrors(text)).containsExactly("test.yaml:1:65: document 1: lists and mappings are nested"
          + " too deeply: at most 64 levels are accepted");
    }

    @Test
    void tenThousandNestedMappingsAndBlockListsStopAtTheNestingLimit() {
      assertThat(formattedErrors("{a: ".repeat(10_000) + "}".repeat(10_000))).singleElement().asString()
          .contains("nested too deeply");
      assertThat(formattedErrors("- ".repeat(10_000) + "x\n")).singleElement().asString()
          .contains("nested too deeply");
    }

    @Test
    void nestingUpToTheLimitIsOnlyJudgedByTheSchema() {
      // The document and its spec are two levels of mappings already.
      String deep = "[".repeat(62) + "]".repeat(62);

      assertThat(formattedErrors(policyWithSpec("x: " + deep + "\n"))).singleElement().asString()
          .contains("unknown field 'x'");
      assertThat(formattedErrors(policyWithSpec("x: [" + deep + "]\n"))).singleElement().asString()
          .contains("nested too deeply");
    }

    @Test
    void aBillionLaughsDocumentIsStoppedByTheAliasLimit() {
      StringBuilder text = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
      for (char c = 'b'; c <= 'j'; c++) {
        String previous = "*" + (char) (c - 1);
        text.append(c).append(": &").append(c).append(" [").append((previous + ",").repeat(8)).append(previous)
            .append("]\n");
      }

      assertThat(formattedErrors(text.toString())).containsExactly(
          "test.yaml: document 1: too many aliases: at most 50 aliases to lists or mappings are accepted");
    }

    @Test
    void aliasesWithinTheLimitStillCannotExpandBeyondWhatTheTextCouldHold() {
      PolicyCodec codec = new PolicyCodec(new Limits(20_000, 10, 50, 64));
      String sources = "{namespace: a}, ".repeat(400);
      String rules = "[&r {name: r, from: [" + sources + "]}" + ", *r".repeat(49) + "]";

      List<PolicyError> errors = errors(codec, policyWithSpec("ingress: " + rules + "\n"));

      assertThat(errors).extracting(PolicyError::message)
          .contains("aliases expand the text to more than 20000 values; write the values out instead");
    }

    @Test
    void recursiveAliasesAreReportedAsWrongTypes() {
      assertThat(formattedErrors(policyWithSpec("ingress: &i [*i]\n"))).singleElement().asString()
          .endsWith("spec.ingress[0]: expected a mapping, got a list");
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: &m {name: p, namespace: shop, labels: *m}
          spec: {selector: {workload: p}}
          """)).singleElement().asString().endsWith("metadata.labels.labels: expected a string, got a mapping");
    }

    @Test
    void aliasesAreOtherwiseAllowed() {
      assertThat(readPolicy(policyWithSpec("""
          ingress:
            - &rule {name: a, ports: &ports [80, 443]}
            - {name: b, ports: *ports, action: DENY, from: [{namespace: x}]}
          """)).spec().ingress()).hasSize(2);
    }

    @Test
    void aLargeValidFileIsReadQuickly() {
      RandomPolicies random = new RandomPolicies(3);
      List<PolicyDocument> documents = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        documents.add(random.workloadPolicy("ns" + i % 10, "p" + i, "w" + i));
      }
      String text = CODEC.write(documents);
      long start = System.nanoTime();

      assertThat(read(text)).hasSize(1000);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Nested
  class Characters {
    @Test
    void unpairedSurrogatesAreReportedWithTheirPlace() {
      assertThat(formattedErrors("apiVersion: meshward.io/v1alpha1\nkind: \uD800MeshConfig\n")).containsExactly(
          "test.yaml:2:7: unpaired surrogate U+D800: the text is not valid Unicode (was it decoded with the right"
              + " charset?)");
    }

    @Test
    void controlCharactersAndNonCharactersAreReportedWithTheirPlace() {
      assertThat(formattedErrors("a: 1\r\nb: \u0000\r\nc: \uFFFE\n")).containsExactly(
          "test.yaml:2:4: character U+0000 is not allowed in YAML text; write it as an escape in a double-quoted"
              + " string",
          "test.yaml:3:4: character U+FFFE is not allowed in YAML text; write it as an escape in a double-quoted"
              + " string");
    }

    @Test
    void escapedControlCharactersInStringsAreRejected() {
      assertThat(formattedErrors(policyWithSpec("profiles: {waf: \"a\\x01b\"}\n"))).singleElement().asString()
          .endsWith("spec.profiles.waf: the string contains U+0001, which is not allowed");
    }

    @Test
    void theReplacementCharacterEmojiAndAByteOrderMarkAreFine() {
      PolicyDocument document = readPolicy("\uFEFF" + policyWithSpec("").replace("namespace: shop",
          "namespace: shop\n  annotations: {note: \"bad byte \uFFFD, party \uD83C\uDF89\"}"));

      assertThat(document.metadata().annotations()).containsEntry("note", "bad byte \uFFFD, party \uD83C\uDF89");
    }

    @Test
    void windowsLineEndingsAreFineAndLinesAreStillCounted() {
      String text = policyWithSpec("mode: sometimes\n").replace("\n", "\r\n");

      assertThat(formattedErrors(text)).singleElement().asString().startsWith("test.yaml:9:9:");
    }

    @Test
    void tabsInIndentationAreASyntaxErrorAtTheirLine() {
      assertThat(formattedErrors("apiVersion: meshward.io/v1alpha1\nmetadata:\n\tname: x\n")).singleElement()
          .asString().startsWith("test.yaml:3:1: document 1: invalid YAML: found character '\\t(TAB)' that cannot"
              + " start any token");
    }

    @Test
    void charactersOutsideTheBasicPlaneAreReadWhereverTheyFallInTheReadersBuffer() {
      // snakeyaml-engine 2.10 failed on valid text when a surrogate pair straddled its 1024-char buffer boundary.
      for (int offset = 0; offset < 2100; offset += 1) {
        String text = policyWithSpec("").replace("namespace: shop",
            "namespace: shop\n  annotations: {note: \"" + "x".repeat(offset) + "\uD83D\uDE00\"}");

        assertThat(readPolicy(text).metadata().annotations().get("note")).endsWith("\uD83D\uDE00");
      }
    }

    @Test
    void aNullTextIsNoDocuments() {
      assertThat(errors(null)).extracting(PolicyError::message)
          .containsExactly("no documents: the text is empty or holds only comments");
    }
  }

  @Nested
  class Fuzzing {
    private static final List<String> FRAGMENTS = List.of("apiVersion: meshward.io/v1alpha1\n",
        "kind: WorkloadPolicy\n", "kind: MeshConfig\n", "metadata:\n", "  name: default\n", "  namespace: shop\n",
        "spec:\n", "  selector:\n", "    workload: p\n", "  ingress:\n", "    - name: r\n", "      from:\n",
        "        - cidr: 10.0.0.0/8\n", "      ports: [80, 80]\n", "  mode: ENFORCE\n", "{", "}", "[", "]", ",",
        ": ", "- ", " ", "  ", "\n", "\t", "&a ", "*a", "*b", "&b ", "!!str ", "!!map ", "!x ", "!!binary ", "'",
        "\"", "---\n", "...\n", "# c", "? ", "|\n", ">-\n", "\\", "\\u", "\\x0", "0x1F", "1e3", "~", "null", "yes",
        "\uD800", "\uDC00", "\uFFFD", "\u0000", "\uFEFF", "\u0085", "\u2028", "\r", "\r\n", "<<: *a\n",
        "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "<<", "=", "@", "`", "%", "é", "😀", "9999999999999999999999",
        "-.inf", ".nan", "0o777", "2001:db8::/33", "spiffe://", "/api/**", "{name}", "[[[[[[[[", "]]]]]]]]");

    @Test
    void randomBytesInAnyDecodingNeverEscapeAsAnotherException() {
      Random random = new Random(42);
      for (int i = 0; i < 2000; i++) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        readsOrRejectsCleanly(CODEC, new String(bytes, StandardCharsets.UTF_8));
        readsOrRejectsCleanly(CODEC, new String(bytes, StandardCharsets.ISO_8859_1));
        readsOrRejectsCleanly(CODEC, new String(bytes, StandardCharsets.UTF_16BE));
      }
    }

    @Test
    void randomYamlFragmentsNeverEscapeAsAnotherException() {
      Random random = new Random(4242);
      for (int i = 0; i < 5000; i++) {
        StringBuilder text = new StringBuilder();
        for (int j = random.nextInt(60); j > 0; j--) {
          text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        readsOrRejectsCleanly(CODEC, text.toString());
      }
    }

    @Test
    void mutatedValidFilesAreRejectedCleanlyOrReadBackAndWrittenStably() {
      Random random = new Random(99);
      List<String> samples = List.of(resource("workload-policies.yaml"), resource("mesh-config.yaml"),
          resource("workload-policies.canonical.yaml"));
      int accepted = 0;
      for (int i = 0; i < 3000; i++) {
        String text = mutate(samples.get(random.nextInt(samples.size())), random);

        List<PolicyDocument> documents = readsOrRejectsCleanly(CODEC, text);

        if (documents != null) {
          accepted++;
          String written = CODEC.write(documents);
          assertThat(read(written)).as("round trip of mutated input %s", Quote.value(text)).isEqualTo(documents);
          assertThat(CODEC.write(read(written))).isEqualTo(written);
        }
      }
      assertThat(accepted).as("some mutations keep the text valid").isPositive();
    }

    private String mutate(String text, Random random) {
      StringBuilder out = new StringBuilder(text);
      for (int m = 1 + random.nextInt(4); m > 0 && out.length() > 0; m--) {
        int at = random.nextInt(out.length());
        switch (random.nextInt(5)) {
          case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
          case 1 -> out.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
          case 2 -> out.setCharAt(at, (char) random.nextInt(128));
          case 3 -> {
            int lineStart = out.lastIndexOf("\n", at) + 1;
            out.insert(lineStart, "  ");
          }
          default -> {
            int lineStart = out.lastIndexOf("\n", at) + 1;
            int lineEnd = out.indexOf("\n", at);
            if (lineEnd > lineStart) {
              out.insert(lineStart, out.substring(lineStart, lineEnd + 1));
            }
          }
        }
      }
      return out.toString();
    }
  }
}
