package io.meshward.waf.engine;

import io.meshward.waf.Interruption;
import io.meshward.waf.rules.EngineSettings;
import io.meshward.waf.variables.Variable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns request and response data into variables: the request line and URI parts, headers and cookies, bodies
 * buffered within their limits and parsed by the chosen body processor.
 */
final class RequestIntake implements BodyProcessing.VariableSink {
  private static final byte[] EMPTY = new byte[0];

  private final RuntimeTransaction tx;
  private final BodyProcessing bodies;
  private byte[] requestBody = EMPTY;
  private int requestBodyLength;
  private byte[] responseBody = EMPTY;
  private int responseBodyLength;
  private String requestContentType = "";

  RequestIntake(RuntimeTransaction tx, BodyProcessing bodies) {
    this.tx = tx;
    this.bodies = bodies;
  }

  private VariableStore store() {
    return tx.store;
  }

  void connection(String clientAddress, int clientPort, String serverAddress, int serverPort) {
    store().set(Variable.REMOTE_ADDR, clientAddress);
    store().set(Variable.REMOTE_PORT, Integer.toString(clientPort));
    store().set(Variable.SERVER_ADDR, serverAddress);
    store().set(Variable.SERVER_PORT, Integer.toString(serverPort));
  }

  void requestLine(String uri, String method, String protocol) {
    store().set(Variable.REQUEST_METHOD, method);
    store().set(Variable.REQUEST_PROTOCOL, protocol);
    store().set(Variable.REQUEST_URI_RAW, uri);
    store().set(Variable.REQUEST_LINE, method + " " + uri + " " + protocol);
    RequestTarget target = RequestTarget.parse(uri);
    store().set(Variable.REQUEST_URI, target.uri());
    store().set(Variable.REQUEST_FILENAME, target.path());
    store().set(Variable.REQUEST_BASENAME, target.basename());
    store().set(Variable.QUERY_STRING, target.query());
    if (target.error() != null) {
      store().set(Variable.URLENCODED_ERROR, target.error());
    } else if (!target.query().isEmpty()) {
      bodies.parseQuery(target.query(), new ArgsGetSink());
    }
  }

  void requestHeader(String name, String value) {
    if (name == null || name.isEmpty()) {
      return;
    }
    store().collection(Variable.REQUEST_HEADERS).add(name, value);
    switch (name.toLowerCase(Locale.ROOT)) {
      case "content-type" -> {
        requestContentType = value;
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("application/x-www-form-urlencoded")) {
          store().set(Variable.REQBODY_PROCESSOR, "URLENCODED");
        } else if (lower.startsWith("multipart/form-data")) {
          store().set(Variable.REQBODY_PROCESSOR, "MULTIPART");
        }
      }
      case "cookie" -> bodies.parseCookies(value, this);
      case "host" -> {
        String host = value;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
          host = host.substring(0, colon);
        }
        store().set(Variable.SERVER_NAME, host);
      }
      default -> { }
    }
  }

  void requestBody(byte[] data, int offset, int length) {
    if (!tx.ruleEngineEnabled() || !tx.requestBodyAccess || length <= 0) {
      return;
    }
    long room = tx.requestBodyLimit - requestBodyLength;
    if (length >= room) {
      store().set(Variable.INBOUND_DATA_ERROR, "1");
      if (tx.ruleSet.settings().requestBodyLimitAction() == EngineSettings.BodyLimitAction.REJECT) {
        tx.interrupt(new Interruption(0, "deny", 413, ""));
        return;
      }
      length = (int) Math.max(0, room);
    }
    requestBody = append(requestBody, requestBodyLength, data, offset, length);
    requestBodyLength += length;
  }

  void parseRequestBody() {
    store().set(Variable.REQUEST_BODY_LENGTH, Integer.toString(requestBodyLength));
    if (!tx.requestBodyAccess || requestBodyLength == 0) {
      return;
    }
    String processor = store().value(Variable.REQBODY_PROCESSOR);
    if (tx.forceRequestBodyVariable) {
      processor = "URLENCODED";
      store().set(Variable.REQBODY_PROCESSOR, processor);
    }
    if (processor.isEmpty()) {
      return;
    }
    if (!bodies.parseRequestBody(processor.toUpperCase(Locale.ROOT), requestBody, requestBodyLength,
        requestContentType, store().collection(Variable.ARGS_GET).size(), this)) {
      error("invalid body processor");
    }
  }

  void responseHeader(String name, String value) {
    if (name == null || name.isEmpty()) {
      return;
    }
    store().collection(Variable.RESPONSE_HEADERS).add(name, value);
    if (name.equalsIgnoreCase("content-type")) {
      int semicolon = value.indexOf(';');
      store().set(Variable.RESPONSE_CONTENT_TYPE, (semicolon < 0 ? value : value.substring(0, semicolon)).trim());
    }
  }

  void responseStatus(int status, String protocol) {
    store().set(Variable.RESPONSE_STATUS, Integer.toString(status));
    store().set(Variable.RESPONSE_PROTOCOL, protocol);
    store().set(Variable.STATUS_LINE, protocol + " " + status);
  }

  void responseBody(byte[] data, int offset, int length) {
    if (!tx.ruleEngineEnabled() || !tx.responseBodyAccess || length <= 0) {
      return;
    }
    long room = tx.responseBodyLimit - responseBodyLength;
    if (length >= room) {
      store().set(Variable.OUTBOUND_DATA_ERROR, "1");
      if (tx.ruleSet.settings().responseBodyLimitAction() == EngineSettings.BodyLimitAction.REJECT) {
        tx.interrupt(new Interruption(0, "deny", 413, ""));
        return;
      }
      length = (int) Math.max(0, room);
    }
    responseBody = append(responseBody, responseBodyLength, data, offset, length);
    responseBodyLength += length;
  }

  void publishResponseBody() {
    if (!tx.responseBodyAccess) {
      return;
    }
    String type = store().value(Variable.RESPONSE_CONTENT_TYPE).toLowerCase(Locale.ROOT);
    if (!tx.ruleSet.settings().responseBodyMimeTypes().contains(type)) {
      return;
    }
    store().set(Variable.RESPONSE_CONTENT_LENGTH, Integer.toString(responseBodyLength));
    store().set(Variable.RESPONSE_BODY, new String(responseBody, 0, responseBodyLength, StandardCharsets.ISO_8859_1));
  }

  void release() {
    requestBody = EMPTY;
    responseBody = EMPTY;
  }

  // ---- VariableSink for body processors

  @Override
  public void add(Variable collection, String key, String value) {
    store().collection(collection).add(key, value);
  }

  @Override
  public void set(Variable scalar, String value) {
    store().set(scalar, value);
  }

  @Override
  public void error(String message) {
    String processor = store().value(Variable.REQBODY_PROCESSOR);
    store().set(Variable.REQBODY_ERROR, "1");
    store().set(Variable.REQBODY_ERROR_MSG, processor + ": " + message);
    store().set(Variable.REQBODY_PROCESSOR_ERROR, "1");
    store().set(Variable.REQBODY_PROCESSOR_ERROR_MSG, message);
  }

  /** Query-string parameters go to ARGS_GET whatever collection the parser names. */
  private final class ArgsGetSink implements BodyProcessing.VariableSink {
    @Override
    public void add(Variable collection, String key, String value) {
      store().collection(Variable.ARGS_GET).add(key, value);
    }

    @Override
    public void set(Variable scalar, String value) {
      store().set(scalar, value);
    }

    @Override
    public void error(String message) {
      store().set(Variable.URLENCODED_ERROR, message);
    }
  }

  private static byte[] append(byte[] buffer, int used, byte[] data, int offset, int length) {
    if (length == 0) {
      return buffer;
    }
    if (used + length > buffer.length) {
      int capacity = Math.max(used + length, Math.max(1024, buffer.length * 2));
      buffer = Arrays.copyOf(buffer, capacity);
    }
    System.arraycopy(data, offset, buffer, used, length);
    return buffer;
  }
}
