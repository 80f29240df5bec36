package io.meshward.waf.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's size cap, on real files. */
class RotatingFileTest {
  @TempDir
  Path tmp;

  @Test
  void aFullFileMovesToDotOneAndTheTotalStaysUnderTwiceTheCap() throws Exception {
    Path path = tmp.resolve("audit.jsonl");
    String line = "{\"n\":\"" + "x".repeat(90) + "\"}"; // 100 bytes with its line break
    try (RotatingFile file = new RotatingFile(path, 1000)) {
      for (int i = 0; i < 35; i++) {
        file.writeLine(line);
      }
      file.flush();
    }

    assertThat(Files.size(path)).isLessThanOrEqualTo(1000);
    assertThat(Files.size(path.resolveSibling("audit.jsonl.1"))).isLessThanOrEqualTo(1000);
    assertThat(Files.readAllLines(path)).hasSize(5).allMatch(l -> l.equals(line));
    assertThat(Files.readAllLines(path.resolveSibling("audit.jsonl.1"))).hasSize(10);
  }

  @Test
  void reopeningAppendsAndCountsWhatIsAlreadyThere() throws Exception {
    Path path = tmp.resolve("audit.jsonl");
    try (RotatingFile file = new RotatingFile(path, 250)) {
      file.writeLine("a".repeat(99));
      file.writeLine("b".repeat(99));
    }
    try (RotatingFile file = new RotatingFile(path, 250)) {
      file.writeLine("c".repeat(99));
    }

    assertThat(Files.readAllLines(path)).containsExactly("c".repeat(99));
    assertThat(Files.readAllLines(path.resolveSibling("audit.jsonl.1"))).containsExactly("a".repeat(99),
        "b".repeat(99));
  }
}
