package io.meshward.controlplane.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.NodeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads who a node is from its {@code node.id} and the {@code meshward} struct of its {@code node.metadata}:
 * <pre>
 * metadata:
 *   meshward:
 *     kind: sidecar            # or proxyless; inferred from user_agent_name when absent
 *     namespace: shop
 *     workload: payments
 *     serviceAccount: payments
 *     labels: {app: payments}
 *     inboundPort: 15006       # sidecar only
 *     appPort: 8080            # sidecar only
 * </pre>
 * Nothing here throws: a missing or malformed field becomes a safe default plus a warning on the node.
 */
public final class NodeIdentities {
  public static final String METADATA_KEY = "meshward";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final int MAX_LABELS = 64;
  private static final int MAX_LABEL_CHARS = 253;

  private NodeIdentities() {}

  public static NodeIdentity fromNode(Node node) {
    List<String> warnings = new ArrayList<>();
    Struct meta = Struct.getDefaultInstance();
    Value metaValue = node.getMetadata().getFieldsMap().get(METADATA_KEY);
    if (metaValue == null) {
      warnings.add("node.metadata has no '" + METADATA_KEY + "' struct");
    } else if (!metaValue.hasStructValue()) {
      warnings.add("node.metadata." + METADATA_KEY + " is not a struct");
    } else {
      meta = metaValue.getStructValue();
    }

    NodeKind kind = kind(node, meta, warnings);
    String namespace = name(meta, "namespace", warnings);
    String workload = name(meta, "workload", warnings);
    String serviceAccount = optionalName(meta, "serviceAccount", warnings);
    Map<String, String> labels = labels(meta, warnings);
    int inboundPort = port(meta, "inboundPort", NodeIdentity.DEFAULT_INBOUND_PORT, kind, warnings);
    int appPort = port(meta, "appPort", NodeIdentity.DEFAULT_APP_PORT, kind, warnings);
    return new NodeIdentity(node.getId(), kind, namespace, workload, serviceAccount, labels, inboundPort, appPort,
        warnings);
  }

  private static NodeKind kind(Node node, Struct meta, List<String> warnings) {
    String declared = string(meta, "kind");
    if (declared != null) {
      switch (declared.toLowerCase(Locale.ROOT)) {
        case "sidecar", "envoy", "envoy-sidecar":
          return NodeKind.ENVOY_SIDECAR;
        case "proxyless", "grpc", "grpc-proxyless":
          return NodeKind.GRPC_PROXYLESS;
        default:
          warnings.add("metadata " + METADATA_KEY + ".kind '" + declared
              + "' is neither 'sidecar' nor 'proxyless'; inferring it from user_agent_name");
      }
    }
    String agent = node.getUserAgentName().toLowerCase(Locale.ROOT);
    if (agent.contains("grpc")) {
      return NodeKind.GRPC_PROXYLESS;
    }
    if (!agent.contains("envoy")) {
      warnings.add("cannot tell whether the node is a sidecar or a proxyless server (user_agent_name '"
          + node.getUserAgentName() + "'); treating it as an Envoy sidecar");
    }
    return NodeKind.ENVOY_SIDECAR;
  }

  private static String name(Struct meta, String field, List<String> warnings) {
    String value = string(meta, field);
    if (value == null || value.isEmpty()) {
      warnings.add("metadata " + METADATA_KEY + "." + field + " is missing");
      return "";
    }
    return optionalName(meta, field, warnings);
  }

  private static String optionalName(Struct meta, String field, List<String> warnings) {
    String value = string(meta, field);
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (!DNS_LABEL.matcher(value).matches()) {
      warnings.add("metadata " + METADATA_KEY + "." + field + " '" + abbreviate(value)
          + "' is not a valid name; ignored");
      return "";
    }
    return value;
  }

  private static Map<String, String> labels(Struct meta, List<String> warnings) {
    Value value = meta.getFieldsMap().get("labels");
    if (value == null) {
      return Map.of();
    }
    if (!value.hasStructValue()) {
      warnings.add("metadata " + METADATA_KEY + ".labels is not a struct; ignored");
      return Map.of();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, Value> label : value.getStructValue().getFieldsMap().entrySet()) {
      if (labels.size() == MAX_LABELS) {
        warnings.add("more than " + MAX_LABELS + " labels; the rest are ignored");
        break;
      }
      if (!label.getValue().hasStringValue() || label.getKey().length() > MAX_LABEL_CHARS
          || label.getValue().getStringValue().length() > MAX_LABEL_CHARS) {
        warnings.add("label '" + abbreviate(label.getKey()) + "' is not a short string; ignored");
        continue;
      }
      labels.put(label.getKey(), label.getValue().getStringValue());
    }
    return labels;
  }

  private static int port(Struct meta, String field, int fallback, NodeKind kind, List<String> warnings) {
    Value value = meta.getFieldsMap().get(field);
    if (value == null) {
      return fallback;
    }
    double number;
    if (value.hasNumberValue()) {
      number = value.getNumberValue();
    } else if (value.hasStringValue()) {
      try {
        number = Integer.parseInt(value.getStringValue().trim());
      } catch (NumberFormatException e) {
        number = -1;
      }
    } else {
      number = -1;
    }
    if (number != Math.rint(number) || number < 1 || number > 65535) {
      if (kind == NodeKind.ENVOY_SIDECAR) {
        warnings.add("metadata " + METADATA_KEY + "." + field + " is not a port (1-65535); using " + fallback);
      }
      return fallback;
    }
    return (int) number;
  }

  private static String string(Struct meta, String field) {
    Value value = meta.getFieldsMap().get(field);
    return value != null && value.hasStringValue() ? value.getStringValue().trim() : null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
