package io.meshward.policy.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict IP address literals, parsed by hand: {@code InetAddress.getByName} would accept forms we do not want (octal
 * parts, zones, IPv4-mapped addresses turned into IPv4) and, given a name, would even resolve it.
 */
final class IpAddresses {
  private IpAddresses() {}

  /** Dotted-quad IPv4, four decimal parts 0-255 without leading zeros (which some tools read as octal). */
  static Optional<byte[]> parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
          || !part.chars().allMatch(c -> Names.isDigit((char) c))) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      address[i] = (byte) value;
    }
    return Optional.of(address);
  }

  /** RFC 4291 text form, with at most one "::" and optionally a dotted IPv4 tail; no zone. */
  static Optional<byte[]> parseV6(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    List<Integer> head = new ArrayList<>();
    List<Integer> tail = new ArrayList<>();
    boolean ok = gap < 0
        ? groups(text, head, true)
        : groups(text.substring(0, gap), head, false) && groups(text.substring(gap + 2), tail, true);
    int total = head.size() + tail.size();
    if (!ok || (gap < 0 ? total != 8 : total > 7)) {
      return Optional.empty();
    }
    byte[] address = new byte[16];
    for (int i = 0; i < head.size(); i++) {
      putGroup(address, i, head.get(i));
    }
    for (int i = 0; i < tail.size(); i++) {
      putGroup(address, 8 - tail.size() + i, tail.get(i));
    }
    return Optional.of(address);
  }

  private static boolean groups(String text, List<Integer> out, boolean dottedTailAllowed) {
    if (text.isEmpty()) {
      return true;
    }
    String[] parts = text.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (dottedTailAllowed && i == parts.length - 1 && part.indexOf('.') >= 0) {
        Optional<byte[]> v4 = parseV4(part);
        if (v4.isEmpty()) {
          return false;
        }
        byte[] b = v4.get();
        out.add((b[0] & 0xff) << 8 | (b[1] & 0xff));
        out.add((b[2] & 0xff) << 8 | (b[3] & 0xff));
        continue;
      }
      if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return false;
      }
      out.add(Integer.parseInt(part, 16));
    }
    return true;
  }

  private static void putGroup(byte[] address, int group, int value) {
    address[2 * group] = (byte) (value >> 8);
    address[2 * group + 1] = (byte) value;
  }

  /** Dotted quad for IPv4; for IPv6 the RFC 5952 form: lower case, no leading zeros, longest zero run as "::". */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (address[2 * i] & 0xff) << 8 | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(j, i + 1);
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
