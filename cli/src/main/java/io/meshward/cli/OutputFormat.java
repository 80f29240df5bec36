package io.meshward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** How list commands print: a table for people, or the API's own data as JSON or YAML for scripts. */
enum OutputFormat {
  TABLE, JSON, YAML;

  /** The API's answer as it came, pretty-printed in this format; not for {@link #TABLE}. */
  String render(JsonNode data, ObjectMapper json) {
    try {
      return switch (this) {
        case JSON -> json.writerWithDefaultPrettyPrinter().writeValueAsString(data) + "\n";
        case YAML -> new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
            .dumpToString(json.convertValue(data, Object.class));
        case TABLE -> throw new IllegalStateException("tables are rendered by each command");
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
