package io.meshward.waf.service.mapping;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a request's headers the way HTTP/2 and Envoy carry them and turns them into what a ModSecurity connector
 * feeds: the pseudo-headers {@code :method}, {@code :path}, {@code :authority}, {@code :scheme} become the request
 * line and the Host header (when there is none) and are never fed as headers; an empty name is dropped; repeated
 * names are kept, one by one. Mutable, used by one mapping call and then discarded.
 */
final class RequestHead {
  private final List<HeaderField> headers = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private String method = "";
  private String path = "";
  private String authority = "";
  private boolean hasHost;

  /** A header from a protobuf string (UTF-8 on the wire): the engine gets its bytes. */
  void add(String name, String value) {
    addBytes(name, latin1(value));
  }

  /** A header whose value is already one char per byte. */
  void addBytes(String name, String value) {
    if (name.isEmpty()) {
      problems.add("a header with an empty name was dropped");
      return;
    }
    if (name.charAt(0) == ':') {
      switch (name) {
        case ":method" -> method = value;
        case ":path" -> path = value;
        case ":authority" -> authority = value;
        default -> { } // :scheme, :protocol: not part of what HTTP/1 connectors see
      }
      return;
    }
    if (name.equalsIgnoreCase("host")) {
      hasHost = true;
    }
    headers.add(new HeaderField(name, value));
  }

  String method(String fromAttributes) {
    String chosen = fromAttributes.isEmpty() ? method : latin1(fromAttributes);
    if (chosen.isEmpty()) {
      problems.add("a request without a method was inspected as GET");
      return "GET";
    }
    return chosen;
  }

  /** The request target: the proxy's path attribute, else {@code :path}; "/" (and a problem) when neither. */
  String target(String fromAttributes) {
    String chosen = fromAttributes.isEmpty() ? path : latin1(fromAttributes);
    if (chosen.isEmpty()) {
      problems.add("a request without a path was inspected as /");
      return "/";
    }
    if (!validTarget(chosen)) {
      // Fed as received anyway: CRS's protocol rules (920xxx) are what judges a malformed target.
      problems.add("a request target that is not a valid URI was inspected as received");
    }
    return chosen;
  }

  /** The headers, with a Host from {@code :authority} (or the given host) when the request had none. */
  List<HeaderField> headers(String hostAttribute) {
    List<HeaderField> result = new ArrayList<>(headers.size() + 1);
    String host = authority.isEmpty() ? latin1(hostAttribute) : authority;
    if (!hasHost && !host.isEmpty()) {
      result.add(new HeaderField("Host", host));
    }
    result.addAll(headers);
    return result;
  }

  List<String> problems() {
    return problems;
  }

  private static boolean validTarget(String target) {
    if (target.equals("*")) {
      return true;
    }
    try {
      new URI(target);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** UTF-8 text as one char per byte. */
  static String latin1(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return text;
  }
}
