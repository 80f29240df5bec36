package io.meshward.policy.dlp;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.validate.PolicyValidationException;
import io.meshward.policy.yaml.PolicyCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the built-in sensors from {@value #RESOURCE}, in the order written there. */
public final class BuiltinDlpSensors {
  /** The classpath resource that defines the built-in sensors. */
  public static final String RESOURCE = "/io/meshward/policy/dlp/builtin-sensors.yaml";

  private BuiltinDlpSensors() {}

  /**
   * Every built-in sensor, those off by default included.
   *
   * @throws IllegalStateException when the resource is missing or invalid: the module was built wrong, and nothing
   *     a caller could handle
   */
  public static List<DlpSensorDocument> read() {
    String text;
    try (InputStream in = BuiltinDlpSensors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the built-in DLP sensors are missing: no resource " + RESOURCE);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the built-in DLP sensors cannot be read from " + RESOURCE, e);
    }
    List<PolicyDocument> documents;
    try {
      documents = new PolicyCodec().read(RESOURCE, text);
    } catch (PolicyValidationException e) {
      throw new IllegalStateException("the built-in DLP sensors are invalid:\n" + e.getMessage(), e);
    }
    return documents.stream().map(document -> {
      if (document instanceof DlpSensorDocument sensor) {
        return sensor;
      }
      throw new IllegalStateException(RESOURCE + " holds a " + document.kind() + ", not only DlpSensor documents");
    }).toList();
  }
}
