package io.meshward.controlplane.learn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One learned edge into a destination workload: a source may call it on a port with a protocol and, for HTTP, a
 * method on a path template. {@code method} and {@code pathTemplate} are null for TCP.
 */
public record LearnedEdge(SourceIdentity source, int port, String protocol, String method, String pathTemplate) {
  /**
   * A short stable id (10 hex digits of a SHA-256 of the fields): the same edge has the same id on every control
   * plane and after every restart, so operators can name it.
   */
  public String id() {
    String text = source.kind() + "|" + source.value() + "|" + port + "|" + protocol + "|" + method + "|"
        + pathTemplate;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
