package io.meshward.waf.operators;

import java.io.IOException;
import java.util.List;

/** What building an operator may need from its surroundings. */
public interface OperatorResources {
  /**
   * The lines of a data file named by {@code @pmFromFile} or {@code @ipMatchFromFile}, resolved relative to the rule
   * file that names it.
   */
  List<String> dataFileLines(String name) throws IOException;
}
