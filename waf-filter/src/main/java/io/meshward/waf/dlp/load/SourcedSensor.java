package io.meshward.waf.dlp.load;

import io.meshward.policy.model.DlpSensorDocument;
import java.nio.file.Path;
import java.util.Objects;

/** A DlpSensor document and the file that defines it, so that every error about the sensor can name the file. */
public record SourcedSensor(DlpSensorDocument document, Path file) {
  public SourcedSensor {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(file, "file");
  }

  public String name() {
    return document.metadata().name();
  }
}
