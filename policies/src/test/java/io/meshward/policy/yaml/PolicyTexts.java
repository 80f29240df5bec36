package io.meshward.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicyValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading helpers shared by the codec specifications. */
final class PolicyTexts {
  static final PolicyCodec CODEC = new PolicyCodec();

  private PolicyTexts() {}

  /** A sample file of src/test/resources/policies. */
  static String resource(String name) {
    try (InputStream in = PolicyTexts.class.getResourceAsStream("/policies/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<PolicyDocument> read(String text) {
    try {
      return CODEC.read("test.yaml", text);
    } catch (PolicyValidationException e) {
      return fail("expected the text to be accepted, but:\n" + e.getMessage());
    }
  }

  static PolicyDocument readOne(String text) {
    List<PolicyDocument> documents = read(text);
    assertThat(documents).hasSize(1);
    return documents.get(0);
  }

  static WorkloadPolicy readPolicy(String text) {
    return (WorkloadPolicy) readOne(text);
  }

  /** The errors of a text that must be rejected, as read from "test.yaml". */
  static List<PolicyError> errors(String text) {
    return errors(CODEC, text);
  }

  static List<PolicyError> errors(PolicyCodec codec, String text) {
    try {
      List<PolicyDocument> documents = codec.read("test.yaml", text);
      return fail("expected the text to be rejected, but it gave " + documents);
    } catch (PolicyValidationException e) {
      assertThat(e.errors()).isNotEmpty();
      return e.errors();
    }
  }

  /** The formatted errors of a text that must be rejected. */
  static List<String> formattedErrors(String text) {
    return formattedErrors(CODEC, text);
  }

  static List<String> formattedErrors(PolicyCodec codec, String text) {
    return errors(codec, text).stream().map(PolicyError::format).toList();
  }

  /** A WorkloadPolicy shop/payments selecting workload payments, with {@code spec} lines added under spec. */
  static String policyWithSpec(String specLines) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: WorkloadPolicy
        metadata:
          name: payments
          namespace: shop
        spec:
          selector:
            workload: payments
        """ + specLines.indent(2);
  }

  /** A policy whose only rule has the given lines (indented under "- name: r"). */
  static String policyWithRule(String ruleLines) {
    return policyWithSpec("ingress:\n  - name: r\n" + ruleLines.indent(4));
  }
}
