package io.meshward.controlplane.translate;

import java.util.Objects;

/**
 * Facts about this control plane's deployment that resources point back at.
 *
 * @param accessLogServiceAddress host:port where sidecars send access logs (the control plane's own gRPC port)
 */
public record TranslatorSettings(String accessLogServiceAddress) {
  public TranslatorSettings {
    Objects.requireNonNull(accessLogServiceAddress, "accessLogServiceAddress");
    HostPort.parse(accessLogServiceAddress);
  }
}
