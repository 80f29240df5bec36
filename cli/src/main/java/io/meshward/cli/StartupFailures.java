package io.meshward.cli;

import io.meshward.controlplane.ControlPlaneConfig;
import io.meshward.controlplane.policy.StoredStateException;
import io.meshward.controlplane.store.StoreException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Optional;

/**
 * Why the control plane did not start, in one line that says what to do. The usual causes are a port taken by
 * another process and a data directory that cannot be used; both deserve better than a stack trace.
 */
final class StartupFailures {
  private static final String XDS_PACKAGE = "io.meshward.controlplane.xds.";
  private static final String ADMIN_PACKAGE = "io.meshward.controlplane.api.";

  private StartupFailures() {}

  /**
   * Fails before anything starts when a port is taken, so that a second {@code meshward up} touches no data
   * directory and logs nothing. {@link #explain} still covers the race of a port taken in between.
   */
  static void requireFree(InetSocketAddress address, String what, String option) {
    if (address.getPort() == 0) {
      return;
    }
    probe(address).ifPresent(reason -> {
      throw CommandFailure.of(ExitCodes.REFUSED, listening(what, address, reason, option));
    });
  }

  static CommandFailure explain(RuntimeException e, ControlPlaneConfig config) {
    if (e instanceof StoreException || e instanceof StoredStateException) {
      return CommandFailure.of(ExitCodes.REFUSED, e.getMessage()
          + " (data directory " + config.dataDir().toAbsolutePath().normalize() + ")", e);
    }
    // Which server failed is told by the code that threw: the exceptions of gRPC and Javalin do not say it in a way
    // worth parsing, and the xDS server's own exception loses the bind error (it reports "Not started").
    if (thrownBy(e, XDS_PACKAGE)) {
      return listenFailure(e, "xDS", config.xdsAddress(), "--xds-address");
    }
    if (thrownBy(e, ADMIN_PACKAGE) || causedBy(e, BindException.class)) {
      return listenFailure(e, "the admin API", config.adminAddress(), "--admin-address");
    }
    return CommandFailure.of(ExitCodes.REFUSED, "the control plane did not start: " + e, e);
  }

  private static CommandFailure listenFailure(RuntimeException e, String what, InetSocketAddress address,
                                              String option) {
    String where = HostPort.format(address.getHostString(), address.getPort());
    String reason = bindError(e).or(() -> probe(address)).orElse(null);
    if (reason == null) {
      return CommandFailure.of(ExitCodes.REFUSED, "cannot start " + what + " on " + where + ": " + e, e);
    }
    return CommandFailure.of(ExitCodes.REFUSED, listening(what, address, reason, option), e);
  }

  private static String listening(String what, InetSocketAddress address, String reason, String option) {
    return "cannot listen for " + what + " on " + HostPort.format(address.getHostString(), address.getPort())
        + ": " + reason + " (is another `meshward up` running? choose another with " + option + ")";
  }

  private static Optional<String> bindError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return Optional.of(describe((BindException) t));
      }
    }
    return Optional.empty();
  }

  /** Binds the address for a moment, to learn what the server's exception did not keep. */
  private static Optional<String> probe(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(address);
      return Optional.empty();
    } catch (BindException e) {
      return Optional.of(describe(e));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String describe(BindException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.isEmpty() || message.toLowerCase(Locale.ROOT).contains("in use")
        ? "the address is already in use"
        : message;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean thrownBy(Throwable e, String packagePrefix) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().startsWith(packagePrefix)) {
          return true;
        }
      }
    }
    return false;
  }
}
