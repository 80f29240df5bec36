package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every line of libinjection's sample corpora ({@code data/*.txt}: XSS and SQLi attacks, false positives) against
 * the reference verdict of {@code libinjection_xss()} in {@code derived/data-samples-results.tsv}.
 */
class LibinjectionXssSamplesTest {
  private static final XssDetector DETECTOR = XssDetector.create();

  @Test
  void everySampleVerdictMatchesTheReference() throws IOException {
    Path root = LibinjectionData.root();
    Map<String, Boolean> expected = referenceVerdicts(root.resolve("derived").resolve("data-samples-results.tsv"));
    int rows = 0;
    int agree = 0;
    int flagged = 0;
    List<String> disagreements = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(root.resolve("data"))) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      String[] lines = Files.readString(file, StandardCharsets.ISO_8859_1).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = LibinjectionData.rtrim(lines[i]);
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String key = name + ":" + (i + 1);
        Boolean want = expected.get(key);
        if (want == null) {
          disagreements.add(key + " has no reference row");
          continue;
        }
        rows++;
        Optional<String> got = DETECTOR.detect(LibinjectionData.urlDecode(line));
        if (got.isPresent()) {
          flagged++;
        }
        if (got.isPresent() == want) {
          agree++;
        } else {
          disagreements.add(String.format("%s expected %s got %s (%s) input: %s", key, want ? "xss" : "none",
              got.isPresent() ? "xss" : "none", got.orElse("-"), truncate(line)));
        }
      }
    }
    System.out.printf("xss samples: %d rows, verdict agrees %d, differs %d (flagged %d, reference rows %d)%n", rows,
        agree, rows - agree, flagged, expected.size());
    disagreements.forEach(d -> System.out.println("  " + d));
    assertThat(rows).isEqualTo(expected.size());
    assertThat(disagreements).isEmpty();
  }

  private static Map<String, Boolean> referenceVerdicts(Path tsv) throws IOException {
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.ISO_8859_1);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int line = header.indexOf("line");
    int xss = header.indexOf("xss");
    Map<String, Boolean> verdicts = new HashMap<>();
    for (String row : lines.subList(1, lines.size())) {
      if (row.isBlank()) {
        continue;
      }
      String[] cells = row.split("\t", -1);
      verdicts.put(cells[file] + ":" + cells[line], cells[xss].equals("1"));
    }
    return verdicts;
  }

  private static String truncate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "...";
  }
}
