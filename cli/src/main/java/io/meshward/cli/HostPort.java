package io.meshward.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "host:port" or "[ipv6]:port", as given on the command line. */
record HostPort(String host, int port) {

  static HostPort parse(String text) {
    String value = text.trim();
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (like 127.0.0.1:18000)");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, like [::1]:18000");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port of 0-65535");
    }
    return new HostPort(host, port);
  }

  /** "host:port", with brackets around an IPv6 host. */
  static String format(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return format(host, port);
  }

  /** A local address to listen on; the host must resolve now, or binding would fail later with less to go on. */
  static final class BindAddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      HostPort hostPort = new Converter().convert(value);
      InetSocketAddress address = new InetSocketAddress(hostPort.host(), hostPort.port());
      if (address.isUnresolved()) {
        throw new TypeConversionException("cannot resolve host '" + hostPort.host() + "'");
      }
      return address;
    }
  }

  /** An address given to others; it need not resolve here. */
  static final class Converter implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
