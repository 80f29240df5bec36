package io.meshward.waf.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * libinjection's own unit tests, layer by layer: {@code test-tokens-*} (tokenizer), {@code test-folding-*}
 * (folder), {@code test-sqli-*} (the whole detector). One dynamic test per file, named after it.
 */
class LibinjectionSqliConformanceTest {
  private static final SqliDetector DETECTOR = SqliDetector.create();

  static Path testsDir() {
    return Path.of(System.getProperty("meshward.shared.dir", "../../shared")).resolve("libinjection/tests");
  }

  @TestFactory
  Stream<DynamicTest> tokens() throws IOException {
    return cases("test-tokens-", LibinjectionSqliConformanceTest::tokenize, 249);
  }

  @TestFactory
  Stream<DynamicTest> folding() throws IOException {
    return cases("test-folding-", LibinjectionSqliConformanceTest::fold, 118);
  }

  @TestFactory
  Stream<DynamicTest> sqli() throws IOException {
    return cases("test-sqli-", input -> DETECTOR.detect(input).orElse(""), 50);
  }

  static String tokenize(String input) {
    Tokenizer tokenizer = DETECTOR.tokenizer(SqliDetector.bytes(input), QuoteContext.NONE, Dialect.ANSI);
    List<String> lines = new ArrayList<>();
    Token t = new Token();
    while (tokenizer.next(t)) {
      lines.add(t.print());
    }
    return String.join("\n", lines);
  }

  static String fold(String input) {
    Folder folder = DETECTOR.folder(SqliDetector.bytes(input), QuoteContext.NONE, Dialect.ANSI);
    int n = folder.fold();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(folder.tokens()[i].print());
    }
    return String.join("\n", lines);
  }

  private static Stream<DynamicTest> cases(String prefix, java.util.function.Function<String, String> run,
      int expectedFiles) throws IOException {
    Path dir = testsDir();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".txt"))
          .sorted().toList();
    }
    assertThat(files).as(prefix + "* files under " + dir.toAbsolutePath()).hasSize(expectedFiles);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      TestCase tc = TestCase.parse(file);
      String got = rtrim(run.apply(tc.input()));
      assertThat(got).as("%s, input <%s>", file.getFileName(), tc.input()).isEqualTo(tc.expected());
    }));
  }

  record TestCase(String input, String expected) {
    static TestCase parse(Path file) throws IOException {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\n", -1);
      StringBuilder input = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      StringBuilder section = null;
      boolean firstInSection = true;
      for (String line : lines) {
        switch (line) {
          case "--TEST--" -> section = null;
          case "--INPUT--" -> {
            section = input;
            firstInSection = true;
          }
          case "--EXPECTED--" -> {
            section = expected;
            firstInSection = true;
          }
          default -> {
            if (section != null) {
              if (!firstInSection) {
                section.append('\n');
              }
              section.append(line);
              firstInSection = false;
            }
          }
        }
      }
      return new TestCase(rtrim(input.toString()), rtrim(expected.toString()));
    }
  }

  static String rtrim(String s) {
    int end = s.length();
    while (end > 0 && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }
}
