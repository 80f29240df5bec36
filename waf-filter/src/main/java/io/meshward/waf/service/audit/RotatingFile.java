package io.meshward.waf.service.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A text file that never grows past a size: when a line would take it over {@code maxBytes}, it becomes
 * {@code NAME.1} (replacing the previous one) and a new file starts. At most twice {@code maxBytes} on disk.
 * Used by one thread.
 */
final class RotatingFile implements AutoCloseable {
  private final Path path;
  private final long maxBytes;
  private Writer out;
  private long size;

  RotatingFile(Path path, long maxBytes) throws IOException {
    this.path = path;
    this.maxBytes = maxBytes;
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    open();
  }

  void writeLine(String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (size > 0 && size + bytes.length > maxBytes) {
      rotate();
    }
    out.write(line);
    out.write('\n');
    size += bytes.length;
  }

  void flush() throws IOException {
    out.flush();
  }

  private void rotate() throws IOException {
    out.close();
    Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  private void open() throws IOException {
    out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    size = Files.size(path);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
