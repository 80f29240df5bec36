package io.meshward.waf.xss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DOM event names (without the {@code on} prefix), read once from {@code event-names.txt}. An {@code on...}
 * attribute is an event handler when what follows {@code on} begins with one of them. Immutable.
 */
final class EventNames {
  static final String RESOURCE = "event-names.txt";

  private final Set<String> names;
  private final int longest;
  /** The same names for the in-place check on attribute names ({@link #isPrefixOf}). */
  private final NameTable<Boolean> table;

  private EventNames(Set<String> names) {
    this.names = Set.copyOf(names);
    this.longest = names.stream().mapToInt(String::length).max().orElse(0);
    this.table = new NameTable<>(names.stream().collect(Collectors.toMap(name -> name, name -> Boolean.TRUE)));
  }

  static EventNames load() {
    try (InputStream in = EventNames.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " beside " + EventNames.class.getName());
      }
      Set<String> names = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(Ascii.toLower(name));
        }
      }
      return new EventNames(names);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static EventNames of(Set<String> names) {
    return new EventNames(names);
  }

  int size() {
    return names.size();
  }

  boolean contains(String name) {
    return names.contains(name);
  }

  /**
   * The known event name that {@code suffix} (already lower-cased, NULs removed) begins with, the shortest one when
   * several do, or {@code null}.
   */
  String prefixOf(String suffix) {
    // Kept for tests and diagnostics; the detector asks isPrefixOf, which reads the attribute name in place.
    int max = Math.min(longest, suffix.length());
    for (int end = 1; end <= max; end++) {
      String candidate = suffix.substring(0, end);
      if (names.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Whether some known event name is a prefix of {@code s[from, to)}, ASCII case and NUL bytes ignored: the same
   * answer as {@code prefixOf(lower-cased s[from, to) without NULs) != null}, without building that string.
   */
  boolean isPrefixOf(String s, int from, int to) {
    return table.hasPrefixOf(s, from, to);
  }
}
