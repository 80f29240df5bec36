package io.meshward.controlplane.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * Opens {@code meshward.db} in a data directory: checks the directory, makes sure the file is a meshward
 * database (or a new, empty one) before changing anything in it, and configures the connection for
 * durability.
 */
final class DatabaseFile {
  static final String FILE_NAME = "meshward.db";

  /** SQLite's header field for "which application owns this file": "MSHW" in ASCII. */
  static final int APPLICATION_ID = 0x4D534857;

  /**
   * How long a statement waits for a lock held by another connection (a CLI inspecting the file, a backup)
   * before failing with "database is locked".
   */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private DatabaseFile() {}

  static Path pathIn(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /** A connection to {@code dataDir/meshward.db}, creating the directory and the file if missing. */
  static Connection open(Path dataDir) {
    Path file = pathIn(prepareDirectory(dataDir));
    if (Files.exists(file) && (!Files.isRegularFile(file) || !Files.isWritable(file))) {
      throw new StoreException(
          "Cannot open meshward store: " + file + " is not a writable regular file; fix its permissions");
    }
    Connection connection = connect(file);
    try {
      identify(connection, file);
      configure(connection, file);
      return connection;
    } catch (SQLException e) {
      closeAfter(connection, e);
      throw new StoreException("Cannot open meshward store " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAfter(connection, e);
      throw e;
    }
  }

  private static void closeAfter(Connection connection, Exception failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static Path prepareDirectory(Path dataDir) {
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new StoreException("Cannot open meshward store: data directory " + dataDir + " is not a directory");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("Cannot create meshward data directory " + dataDir + ": " + e, e);
    }
    // SQLite creates the -wal and -shm files next to the database, so the directory itself must be writable
    // even when the database file already exists.
    if (!Files.isWritable(dataDir)) {
      throw new StoreException(
          "Cannot open meshward store: data directory " + dataDir + " is not writable; fix its permissions");
    }
    return dataDir;
  }

  private static Connection connect(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw new StoreException("Cannot open meshward store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a file that is not meshward's before anything writes to it (switching to WAL alone would
   * rewrite its header). A new database is empty: no tables and no application id.
   */
  private static void identify(Connection connection, Path file) throws SQLException {
    int applicationId;
    int tables;
    try {
      applicationId = queryInt(connection, "PRAGMA application_id");
      tables = queryInt(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    } catch (SQLException e) {
      if (e.getErrorCode() == SQLiteErrorCode.SQLITE_NOTADB.code) {
        throw new StoreException(file + " is not a meshward database (not an SQLite file at all); move it away"
            + " or choose another data directory", e);
      }
      throw e;
    }
    boolean isNew = applicationId == 0 && tables == 0;
    if (applicationId != APPLICATION_ID && !isNew) {
      throw new StoreException(file + " is not a meshward database (an SQLite database of another application,"
          + " application_id " + applicationId + "); move it away or choose another data directory");
    }
  }

  private static void configure(Connection connection, Path file) throws SQLException {
    // WAL: a commit is one append to the log, and a process killed mid-write leaves a log that the next
    // open replays up to the last complete commit.
    try (Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
      String actual = mode.next() ? mode.getString(1) : "unknown";
      if (!"wal".equalsIgnoreCase(actual)) {
        throw new StoreException("Cannot use write-ahead logging for " + file + " (journal mode stays '"
            + actual + "'); put the data directory on a local file system");
      }
    }
    // FULL: fsync the log on every commit, so a committed transaction also survives a power loss, not only
    // a killed process.
    Sql.execute(connection, "PRAGMA synchronous = FULL");
    Sql.execute(connection, "PRAGMA foreign_keys = ON");
  }

  private static int queryInt(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      return result.next() ? result.getInt(1) : 0;
    }
  }
}
