package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshward.controlplane.mesh.ModeSource;
import io.meshward.controlplane.mesh.NodeKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** One node's status (the API's {@code NodeStatus}) as the cells of the {@code meshward workloads} table. */
final class WorkloadRow {
  static final String[] HEADERS =
      {"NODE", "WORKLOAD", "KIND", "MODE", "POLICY", "VERSION", "ACKED", "LAST NACK", "CONNECTED"};
  private static final int VERSION_CHARS = 8;
  private static final int NACK_CHARS = 48;

  private WorkloadRow() {}

  static Object[] cells(JsonNode status, Instant now) {
    JsonNode identity = status.path("identity");
    return new Object[] {
        identity.path("nodeId").asText(),
        name(identity.path("namespace").asText()) + "/" + name(identity.path("workload").asText()),
        kind(identity.path("kind").asText()),
        mode(status.path("mode").asText(), status.path("modeSource").asText()),
        status.path("policy").asText(),
        abbreviate(status.path("configVersion").asText(), VERSION_CHARS, ""),
        acked(status.path("types")),
        lastNack(status.path("lastNack")),
        connected(status, now)};
  }

  /** "ENFORCE (override)": the mode, and which knob put it there. */
  static String mode(String mode, String source) {
    if (mode.isEmpty()) {
      return "";
    }
    String why;
    try {
      why = switch (ModeSource.valueOf(source)) {
        case WORKLOAD_OVERRIDE -> "override";
        case NAMESPACE_OVERRIDE -> "namespace override";
        case POLICY -> "policy";
        case MESH_DEFAULT -> "mesh default";
        case UNIDENTIFIED_NODE -> "unidentified node";
      };
    } catch (IllegalArgumentException e) {
      why = source.toLowerCase(Locale.ROOT);
    }
    return why.isEmpty() ? mode : mode + " (" + why + ")";
  }

  private static String name(String text) {
    return text.isEmpty() ? "?" : text;
  }

  private static String kind(String kind) {
    try {
      return switch (NodeKind.valueOf(kind)) {
        case ENVOY_SIDECAR -> "sidecar";
        case GRPC_PROXYLESS -> "proxyless";
      };
    } catch (IllegalArgumentException e) {
      return kind.toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the node accepted what it is served: yes for every type, no for none, partial in between. */
  private static String acked(JsonNode types) {
    int served = 0;
    int acked = 0;
    for (JsonNode type : types) {
      String version = type.path("served").asText("");
      if (!version.isEmpty()) {
        served++;
        if (version.equals(type.path("acked").asText(""))) {
          acked++;
        }
      }
    }
    if (served == 0) {
      return "";
    }
    return acked == served ? "yes" : acked == 0 ? "no" : "partial";
  }

  private static String lastNack(JsonNode nack) {
    if (!nack.isObject()) {
      return "";
    }
    return nack.path("type").asText() + ": " + abbreviate(nack.path("error").asText(), NACK_CHARS, "...");
  }

  private static String connected(JsonNode status, Instant now) {
    if (status.path("connected").asBoolean()) {
      return "yes";
    }
    try {
      return "no, last seen " + TimeText.ago(Instant.parse(status.path("lastSeen").asText()), now);
    } catch (DateTimeParseException e) {
      return "no";
    }
  }

  private static String abbreviate(String text, int max, String ellipsis) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - ellipsis.length()) + ellipsis;
  }
}
