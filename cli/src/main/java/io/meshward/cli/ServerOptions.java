package io.meshward.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --server}, shared by every command that talks to a running control plane. */
final class ServerOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:18080";

  @Option(names = "--server", paramLabel = "URL", converter = ServerUrlConverter.class,
      defaultValue = "${env:MESHWARD_SERVER:-" + DEFAULT_SERVER + "}",
      description = "The control plane's admin API (default: $MESHWARD_SERVER, else " + DEFAULT_SERVER + ").")
  private URI server;

  AdminClient client() {
    return new AdminClient(server);
  }

  /** Accepts "host:port" as well as a URL, because that is what people type. */
  static final class ServerUrlConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      String text = value.trim();
      if (!text.contains("://")) {
        text = "http://" + text;
      }
      try {
        URI uri = new URI(text);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new TypeConversionException("'" + value + "' is not an http(s) URL like " + DEFAULT_SERVER);
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
      }
    }
  }
}
