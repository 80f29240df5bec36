package io.meshward.controlplane.translate;

import java.util.Optional;

/**
 * A listener a proxyless gRPC server asked for by name. grpc-java names it from its bootstrap template, e.g.
 * {@code grpc/server?xds.resource.listening_address=0.0.0.0:50051}, and rejects a Listener whose address differs
 * from the one in the name.
 */
public record ServerListener(String name, String host, int port) implements Comparable<ServerListener> {
  private static final String ADDRESS_PARAMETER = "xds.resource.listening_address=";

  /** The listener named {@code name}, or empty when the name carries no listening address. */
  public static Optional<ServerListener> fromName(String name) {
    int at = name.indexOf(ADDRESS_PARAMETER);
    if (at < 0) {
      return Optional.empty();
    }
    String address = name.substring(at + ADDRESS_PARAMETER.length());
    int amp = address.indexOf('&');
    if (amp >= 0) {
      address = address.substring(0, amp);
    }
    try {
      HostPort hostPort = HostPort.parse(address);
      if (hostPort.port() < 1 || hostPort.port() > 65535) {
        return Optional.empty();
      }
      return Optional.of(new ServerListener(name, hostPort.host(), hostPort.port()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(ServerListener o) {
    return name.compareTo(o.name);
  }
}
