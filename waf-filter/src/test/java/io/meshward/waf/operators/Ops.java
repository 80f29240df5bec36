package io.meshward.waf.operators;

import io.meshward.waf.macros.MacroString;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

/** Builds operators for tests. */
final class Ops {
  private Ops() {}

  static Operator op(String name, String argument) {
    return op(name, argument, Map.of());
  }

  /** An operator whose data files are the given name -> lines. */
  static Operator op(String name, String argument, Map<String, List<String>> files) {
    try {
      return Operators.create(name, MacroString.parse(argument), file -> {
        List<String> lines = files.get(file);
        if (lines == null) {
          throw new NoSuchFileException(file);
        }
        return lines;
      });
    } catch (OperatorException e) {
      throw new AssertionError(e);
    }
  }

  static OperatorResources noFiles() {
    return file -> {
      throw new IOException("no files");
    };
  }
}
