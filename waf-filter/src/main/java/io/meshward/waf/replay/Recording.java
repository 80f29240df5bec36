package io.meshward.waf.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file of recorded traffic, read one exchange at a time so that a recording larger than memory replays in bounded
 * memory. Two formats: HTTP Archive 1.2 ({@link HarReader}, as browsers and proxies export it) and JSON lines
 * ({@link JsonLinesReader}, one request per line, easy to write from an access log).
 */
public interface Recording {
  /** Receives exchanges in file order; may stop the reading by throwing. */
  @FunctionalInterface
  interface Visitor {
    void exchange(RecordedExchange exchange) throws IOException;
  }

  /**
   * Reads every exchange.
   *
   * @throws RecordingFormatException naming the file, the entry or line, the field and what is wrong
   */
  void read(Visitor visitor) throws IOException, RecordingFormatException;

  /** The most bytes one request or response body may have in a recording; a larger one is a format error. */
  int MAX_BODY_BYTES = 16 << 20;

  static Recording har(Path file) {
    return new HarReader(file);
  }

  static Recording jsonLines(Path file) {
    return new JsonLinesReader(file);
  }

  /** By the file's extension: {@code .har}, or {@code .jsonl}/{@code .ndjson}. */
  static Recording byExtension(Path file) throws RecordingFormatException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".har")) {
      return har(file);
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return jsonLines(file);
    }
    throw new RecordingFormatException(file + ": unknown recording format (expected .har, .jsonl or .ndjson)");
  }

  static void requireReadable(Path file) throws RecordingFormatException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new RecordingFormatException(file + ": no such readable file");
    }
  }
}
