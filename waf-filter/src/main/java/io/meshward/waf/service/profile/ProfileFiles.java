package io.meshward.waf.service.profile;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.validate.PolicyValidationException;
import io.meshward.policy.yaml.PolicyCodec;
import io.meshward.waf.files.YamlFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the WafProfile documents of a file, or of the {@code *.yaml} and {@code *.yml} files of a directory (not its
 * subdirectories, in name order), with the policy reader: the same format {@code meshward policy apply} takes.
 * Documents of other kinds are skipped, so that a directory of policy files can serve as the profile directory.
 * All or nothing: one invalid file refuses the lot.
 */
public final class ProfileFiles {
  /** A profile and the file that defines it, for messages about it. */
  public record Sourced(WafProfile profile, Path file) {}

  private final PolicyCodec codec;

  public ProfileFiles(PolicyCodec codec) {
    this.codec = codec;
  }

  /** The profiles under {@code path}, in file order. */
  public List<Sourced> read(Path path) throws ProfileLoadException {
    List<Path> files = files(path);
    List<String> problems = new ArrayList<>();
    Map<String, Sourced> byName = new LinkedHashMap<>();
    for (Path file : files) {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
            .toString();
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
        if (document instanceof io.meshward.policy.model.WafProfile profile) {
          Sourced sourced = new Sourced(WafProfile.of(profile), file);
          Sourced first = byName.putIfAbsent(profile.metadata().name(), sourced);
          if (first != null) {
            problems.add(file + ": WafProfile " + profile.metadata().name() + " is defined twice: it is already"
                + " defined in " + first.file());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ProfileLoadException(String.join("\n", problems));
    }
    return List.copyOf(byName.values());
  }

  private static List<Path> files(Path path) throws ProfileLoadException {
    try {
      return YamlFiles.list(path, "the WAF profiles");
    } catch (IOException e) {
      throw new ProfileLoadException(e.getMessage(), e);
    }
  }

}
