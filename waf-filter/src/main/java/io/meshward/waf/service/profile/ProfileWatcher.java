package io.meshward.waf.service.profile;

import io.meshward.waf.WafConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@link LiveProfiles} when the profile files, the DlpSensor files or the CRS files change. Changes are debounced: an editor's
 * save, a {@code git pull} or a Kubernetes ConfigMap update touches several files in a burst, and the reload waits
 * until the burst has been quiet for the debounce period, so it reads the finished set once.
 */
public final class ProfileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProfileWatcher.class);

  private final LiveProfiles profiles;
  private final Duration debounce;
  private final WatchService watchService;
  /** What each watched directory holds: CRS files (a change recompiles every engine) or profiles. */
  /** A directory registered twice (profiles and sensors side by side) has one key and several entries. */
  private final Map<WatchKey, java.util.List<Watched>> keys = new HashMap<>();
  private final Thread thread;

  private record Watched(Path directory, boolean rules, Optional<Path> onlyFile) {}

  private ProfileWatcher(LiveProfiles profiles, Duration debounce) throws IOException {
    this.profiles = profiles;
    this.debounce = debounce;
    this.watchService = profiles.crsDirectory().getFileSystem().newWatchService();
    register(profiles.crsDirectory(), true, Optional.empty());
    register(profiles.crsDirectory().resolve("rules"), true, Optional.empty());
    Path plugins = profiles.crsDirectory().resolve(WafConfig.PLUGINS);
    if (Files.isDirectory(plugins)) {
      register(plugins, true, Optional.empty());
    }
    // Profiles and DLP sensors reload together (a profile names sensors), and neither recompiles the rules.
    for (Optional<Path> configured : java.util.List.of(profiles.profilesPath(), profiles.sensorsPath())) {
      if (configured.isPresent()) {
        Path path = configured.get().toAbsolutePath();
        if (Files.isDirectory(path)) {
          register(path, false, Optional.empty());
        } else {
          register(path.getParent(), false, Optional.of(path.getFileName()));
        }
      }
    }
    this.thread = new Thread(this::run, "meshward-waf-profile-watcher");
    thread.setDaemon(true);
  }

  /** Starts watching; {@link #close()} stops. */
  public static ProfileWatcher start(LiveProfiles profiles, Duration debounce) throws IOException {
    ProfileWatcher watcher = new ProfileWatcher(profiles, debounce);
    watcher.thread.start();
    return watcher;
  }

  private void register(Path directory, boolean rules, Optional<Path> onlyFile) throws IOException {
    if (Files.isDirectory(directory)) {
      WatchKey key = directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
      keys.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(new Watched(directory, rules, onlyFile));
    }
  }

  /** What a batch of events touched: any watched file, and CRS files among them. */
  private record Change(boolean relevant, boolean rules) {
    static final Change NONE = new Change(false, false);

    Change and(Change other) {
      return new Change(relevant || other.relevant, rules || other.rules);
    }
  }

  private void run() {
    try {
      while (true) {
        Change change = drain(watchService.take());
        // Wait for the burst to end: every further event restarts the quiet period.
        WatchKey next;
        while ((next = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          change = change.and(drain(next));
        }
        if (change.relevant()) {
          profiles.reload(change.rules());
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // Closed: the server is stopping.
    } catch (RuntimeException e) {
      log.error("the WAF profile watcher stopped: files are no longer reloaded", e);
    }
  }

  private Change drain(WatchKey key) {
    java.util.List<Watched> entries = keys.getOrDefault(key, java.util.List.of());
    Change change = Change.NONE;
    for (WatchEvent<?> event : key.pollEvents()) {
      for (Watched watched : entries) {
        boolean overflow = event.kind() == StandardWatchEventKinds.OVERFLOW;
        boolean matches = overflow || watched.onlyFile().isEmpty()
            || (event.context() instanceof Path name && name.equals(watched.onlyFile().get()));
        if (matches) {
          change = change.and(new Change(true, watched.rules()));
        }
      }
    }
    key.reset();
    return change;
  }

  @Override
  public void close() {
    try {
      watchService.close();
    } catch (IOException e) {
      log.warn("the WAF profile watcher did not close cleanly: {}", e.getMessage());
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
