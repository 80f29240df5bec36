package io.meshward.waf.dlp.load;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.validate.PolicyValidationException;
import io.meshward.policy.yaml.PolicyCodec;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.files.YamlFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the DlpSensor documents of a file, or of the {@code *.yaml} and {@code *.yml} files of a directory (not its
 * subdirectories, in name order), with the policy reader: the format {@code meshward policy apply} takes. Documents
 * of other kinds are skipped, so that one directory of policy files can hold profiles and sensors. All or nothing:
 * every problem of every file is collected, and any one refuses the lot.
 */
public final class DlpSensorFiles {
  private final PolicyCodec codec;

  public DlpSensorFiles(PolicyCodec codec) {
    this.codec = codec;
  }

  /** The sensors under {@code path}, in file order; a name defined in two places is refused. */
  public List<SourcedSensor> read(Path path) throws DlpConfigException {
    List<String> problems = new ArrayList<>();
    Map<String, SourcedSensor> byName = new LinkedHashMap<>();
    for (Path file : files(path)) {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
      } catch (CharacterCodingException e) {
        problems.add(file + ": not UTF-8 text");
        continue;
      } catch (IOException e) {
        problems.add(file + ": cannot be read: " + e.getMessage());
        continue;
      }
      List<PolicyDocument> documents;
      try {
        documents = codec.read(file.toString(), text);
      } catch (PolicyValidationException e) {
        problems.add(e.getMessage());
        continue;
      }
      for (PolicyDocument document : documents) {
        if (document instanceof DlpSensorDocument sensor) {
          SourcedSensor sourced = new SourcedSensor(sensor, file);
          SourcedSensor first = byName.putIfAbsent(sourced.name(), sourced);
          if (first != null) {
            problems.add(file + ": DlpSensor " + sourced.name() + " is defined twice: it is already defined in "
                + first.file());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new DlpConfigException(String.join("\n", problems));
    }
    return List.copyOf(byName.values());
  }

  private static List<Path> files(Path path) throws DlpConfigException {
    try {
      return YamlFiles.list(path, "the DLP sensors");
    } catch (IOException e) {
      throw new DlpConfigException(e.getMessage());
    }
  }

}
