package io.meshward.waf.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code @ipMatch 192.168.0.0/16,10.0.0.1,::1} and {@code @ipMatchFromFile}: whether the input is an IP address
 * inside one of the listed networks.
 *
 * <p>As in Coraza: entries are comma-separated (one per line in a file) and trimmed; an address without a prefix
 * length is a single host; an entry that does not parse fails the rule (Coraza skips it, silently disabling a
 * list). Addresses are parsed as Go's {@code net.ParseIP}
 * does (dotted-quad IPv4 without leading zeros, IPv6 with {@code ::} and an optional trailing dotted quad, no zone),
 * never through DNS. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is the IPv4 address, on either side.
 */
final class IpMatch implements Operator {
  /** Networks by prefix length, as masked addresses: IPv4 in the low 32 bits of a long, IPv6 as two longs. */
  private final List<V4Prefix> v4 = new ArrayList<>();
  private final List<V6Prefix> v6 = new ArrayList<>();
  private final String description;

  private record V4Prefix(int bits, Set<Long> networks) {}

  private record V6Prefix(int bits, Set<V6> networks) {}

  private record V6(long high, long low) {}

  IpMatch(List<String> entries, String description) {
    this.description = description;
    for (String entry : entries) {
      add(entry.strip());
    }
  }

  static List<String> splitList(String argument) {
    return Arrays.asList(argument.split(","));
  }

  private void add(String entry) {
    if (entry.isEmpty()) {
      return;
    }
    String address = entry;
    int bits = -1;
    int slash = entry.indexOf('/');
    if (slash >= 0) {
      address = entry.substring(0, slash);
      String mask = entry.substring(slash + 1);
      if (mask.isEmpty() || mask.length() > 9 || !mask.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(entry);
      }
      bits = Integer.parseInt(mask);
    } else if (!entry.contains(":") && !entry.contains(".")) {
      throw invalid(entry);
    }
    byte[] ip = parseAddress(address);
    if (ip == null) {
      throw invalid(entry);
    }
    if (ip.length == 4) {
      if (bits < 0) {
        bits = 32;
      } else if (bits > 32) {
        throw invalid(entry);
      }
      addV4(bits, toLong(ip));
      return;
    }
    if (bits < 0) {
      bits = 128;
    } else if (bits > 128) {
      throw invalid(entry);
    }
    if (isV4Mapped(ip)) {
      // Go compares such a network as IPv4, with the last 32 bits of its mask.
      addV4(Math.max(0, bits - 96), toLong(Arrays.copyOfRange(ip, 12, 16)));
      return;
    }
    V6 network = mask(toV6(ip), bits);
    for (V6Prefix prefix : v6) {
      if (prefix.bits == bits) {
        prefix.networks.add(network);
        return;
      }
    }
    Set<V6> set = new HashSet<>();
    set.add(network);
    v6.add(new V6Prefix(bits, set));
  }

  /** A typo in an allow or deny list must not silently disable it: the rule fails to load instead. */
  private static IllegalArgumentException invalid(String entry) {
    return new IllegalArgumentException("'" + entry + "' is not an IP address or network (address/bits)");
  }

  private void addV4(int bits, long address) {
    long network = address & maskV4(bits);
    for (V4Prefix prefix : v4) {
      if (prefix.bits == bits) {
        prefix.networks.add(network);
        return;
      }
    }
    Set<Long> set = new HashSet<>();
    set.add(network);
    v4.add(new V4Prefix(bits, set));
  }

  int networkCount() {
    return v4.stream().mapToInt(p -> p.networks.size()).sum() + v6.stream().mapToInt(p -> p.networks.size()).sum();
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    byte[] ip = parseAddress(input);
    if (ip == null) {
      return false;
    }
    if (ip.length == 16 && isV4Mapped(ip)) {
      ip = Arrays.copyOfRange(ip, 12, 16);
    }
    if (ip.length == 4) {
      long address = toLong(ip);
      for (V4Prefix prefix : v4) {
        if (prefix.networks.contains(address & maskV4(prefix.bits))) {
          return true;
        }
      }
      return false;
    }
    V6 address = toV6(ip);
    for (V6Prefix prefix : v6) {
      if (prefix.networks.contains(mask(address, prefix.bits))) {
        return true;
      }
    }
    return false;
  }

  private static long maskV4(int bits) {
    return bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
  }

  private static V6 mask(V6 address, int bits) {
    long high = bits >= 64 ? address.high : bits == 0 ? 0 : address.high & (-1L << (64 - bits));
    long low = bits <= 64 ? 0 : bits == 128 ? address.low : address.low & (-1L << (128 - bits));
    return new V6(high, low);
  }

  private static long toLong(byte[] ip) {
    return ((ip[0] & 0xFFL) << 24) | ((ip[1] & 0xFFL) << 16) | ((ip[2] & 0xFFL) << 8) | (ip[3] & 0xFFL);
  }

  private static V6 toV6(byte[] ip) {
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (ip[i] & 0xFF);
      low = (low << 8) | (ip[i + 8] & 0xFF);
    }
    return new V6(high, low);
  }

  private static boolean isV4Mapped(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF;
  }

  /** An IPv4 (4 bytes) or IPv6 (16 bytes) address in Go's {@code net.ParseIP} syntax, or null. */
  static byte[] parseAddress(String s) {
    if (s.indexOf(':') >= 0) {
      return parseV6(s);
    }
    return parseV4(s, 0, s.length());
  }

  private static byte[] parseV4(String s, int from, int to) {
    byte[] ip = new byte[4];
    int field = 0;
    int i = from;
    while (field < 4) {
      if (field > 0) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      ip[field++] = (byte) value;
    }
    return i == to ? ip : null;
  }

  private static byte[] parseV6(String s) {
    byte[] ip = new byte[16];
    int n = s.length();
    int i = 0;
    int filled = 0;
    int ellipsis = -1;
    if (n >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
      ellipsis = 0;
      i = 2;
      if (i == n) {
        return ip;
      }
    }
    while (filled < 16) {
      int start = i;
      int value = 0;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128 && i - start < 4) {
        value = value * 16 + Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i == start) {
        return null;
      }
      if (i < n && s.charAt(i) == '.') {
        // A trailing dotted quad.
        if (ellipsis < 0 && filled != 12) {
          return null;
        }
        if (filled + 4 > 16) {
          return null;
        }
        byte[] v4 = parseV4(s, start, n);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, ip, filled, 4);
        filled += 4;
        i = n;
        break;
      }
      if (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
        return null; // more than four hex digits
      }
      ip[filled] = (byte) (value >> 8);
      ip[filled + 1] = (byte) value;
      filled += 2;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':' || i + 1 == n) {
        return null;
      }
      i++;
      if (s.charAt(i) == ':') {
        if (ellipsis >= 0) {
          return null; // a second ::
        }
        ellipsis = filled;
        i++;
        if (i == n) {
          break;
        }
      }
    }
    if (i != n) {
      return null;
    }
    if (filled < 16) {
      if (ellipsis < 0) {
        return null;
      }
      int tail = filled - ellipsis;
      System.arraycopy(ip, ellipsis, ip, 16 - tail, tail);
      Arrays.fill(ip, ellipsis, 16 - tail, (byte) 0);
    } else if (ellipsis >= 0) {
      return null; // :: must stand for at least one group
    }
    return ip;
  }

  @Override
  public String toString() {
    return description;
  }
}
