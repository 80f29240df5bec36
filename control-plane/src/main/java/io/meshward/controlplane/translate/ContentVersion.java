package io.meshward.controlplane.translate;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Versions derived from content: a truncated SHA-256 of the deterministic serialisation. */
final class ContentVersion {
  private static final int HEX_CHARS = 16;

  private ContentVersion() {}

  static String of(List<? extends Message> resources) {
    MessageDigest digest = sha256();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    for (Message resource : resources) {
      bytes.reset();
      try {
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        // Deterministic: map fields (RBAC policies, typed_per_filter_config) serialise in key order.
        out.useDeterministicSerialization();
        resource.writeTo(out);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      digest.update(bytes.toByteArray());
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_CHARS);
  }

  static String combine(String... versions) {
    MessageDigest digest = sha256();
    for (String version : versions) {
      digest.update(version.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_CHARS);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
