package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** libinjection's {@code tests/test-html5-*.txt}: tokenizer output from the DATA state, one test per file. */
class LibinjectionHtml5ConformanceTest {

  private static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(LibinjectionData.root().resolve("tests"))) {
      return files.filter(p -> p.getFileName().toString().matches("test-html5-.*\\.txt")).sorted().toList();
    }
  }

  @Test
  void allSixtyThreeFilesArePresent() throws IOException {
    assertThat(testFiles()).hasSize(63);
  }

  @TestFactory
  Stream<DynamicTest> html5TokenizerTests() throws IOException {
    return testFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
        () -> {
          TestCase test = TestCase.parse(Files.readString(file, StandardCharsets.ISO_8859_1));
          // Expected text is right-trimmed, so the output is too (test-html5-040's last token ends in a space).
          String actual = LibinjectionData.rtrim(tokenize(test.input()));
          assertThat(actual).as("%s: %s, input %s", file.getFileName(), test.description(), test.input())
              .isEqualTo(test.expected());
        }));
  }

  static String tokenize(String input) {
    StringBuilder out = new StringBuilder();
    Html5Tokenizer tokenizer = Html5Tokenizer.of(input, Html5Context.DATA);
    for (Html5Token token = tokenizer.next(); token != null; token = tokenizer.next()) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(token.describe());
    }
    return out.toString();
  }

  /** One {@code --TEST--/--INPUT--/--EXPECTED--} file; input and expected text are right-trimmed. */
  record TestCase(String description, String input, String expected) {
    static TestCase parse(String content) {
      List<StringBuilder> sections = new ArrayList<>();
      StringBuilder current = null;
      for (String line : content.split("\n", -1)) {
        if (line.equals("--TEST--") || line.equals("--INPUT--") || line.equals("--EXPECTED--")) {
          current = new StringBuilder();
          sections.add(current);
        } else if (current != null) {
          current.append(line).append('\n');
        }
      }
      if (sections.size() != 3) {
        throw new IllegalArgumentException("expected --TEST--, --INPUT-- and --EXPECTED-- sections");
      }
      return new TestCase(LibinjectionData.rtrim(sections.get(0).toString()),
          LibinjectionData.rtrim(sections.get(1).toString()), LibinjectionData.rtrim(sections.get(2).toString()));
    }
  }
}
