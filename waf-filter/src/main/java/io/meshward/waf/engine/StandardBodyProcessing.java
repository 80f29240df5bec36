package io.meshward.waf.engine;

import io.meshward.waf.bodyprocessors.BodyLimits;
import io.meshward.waf.bodyprocessors.BodyProcessorType;
import io.meshward.waf.bodyprocessors.BodyProcessors;
import io.meshward.waf.bodyprocessors.BodyResult;
import io.meshward.waf.bodyprocessors.FilePart;
import io.meshward.waf.bodyprocessors.NamedValue;
import io.meshward.waf.bodyprocessors.ParsedArgs;
import io.meshward.waf.rules.EngineSettings;
import io.meshward.waf.variables.Variable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** {@link BodyProcessing} on the body processors of {@code io.meshward.waf.bodyprocessors}. */
final class StandardBodyProcessing implements BodyProcessing {
  private final BodyProcessors processors;

  StandardBodyProcessing(EngineSettings settings) {
    BodyLimits limits = BodyLimits.DEFAULTS
        .withMaxBodyBytes((int) Math.min(Integer.MAX_VALUE, settings.requestBodyLimit()))
        .withMaxArgs(settings.argumentsLimit())
        .withMaxDepth(Math.max(1, settings.requestBodyJsonDepthLimit()))
        // Every multipart part is an argument or a file, so the arguments limit bounds the parts as well.
        .withMaxParts(Math.max(1, settings.argumentsLimit()))
        .withMaxFiles(Math.max(0, settings.uploadFileLimit()));
    this.processors = new BodyProcessors(limits);
  }

  @Override
  public void parseQuery(String rawQuery, VariableSink sink) {
    ParsedArgs parsed = processors.parseQueryString(rawQuery, 0);
    for (NamedValue arg : parsed.args()) {
      sink.add(Variable.ARGS_GET, arg.name(), arg.value());
    }
    if (parsed.invalidEncoding()) {
      sink.set(Variable.URLENCODED_ERROR, "1");
    }
  }

  @Override
  public void parseCookies(String headerValue, VariableSink sink) {
    for (NamedValue cookie : BodyProcessors.parseCookies(headerValue)) {
      sink.add(Variable.REQUEST_COOKIES, cookie.name(), cookie.value());
    }
  }

  @Override
  public boolean parseRequestBody(String processor, byte[] body, int length, String contentType,
                                  int argsAlreadyPresent, VariableSink sink) {
    Optional<BodyProcessorType> type = BodyProcessorType.fromName(processor);
    if (type.isEmpty()) {
      return false;
    }
    BodyResult result = processors.process(type.get(), body, length, contentType, argsAlreadyPresent);
    for (NamedValue arg : result.args()) {
      sink.add(Variable.ARGS_POST, arg.name(), arg.value());
    }
    long combined = 0;
    for (FilePart file : result.files()) {
      sink.add(Variable.FILES, file.name(), file.filename());
      sink.add(Variable.FILES_NAMES, file.name(), file.name());
      sink.add(Variable.FILES_SIZES, file.name(), Integer.toString(file.size()));
      combined += file.size();
    }
    if (!result.files().isEmpty()) {
      sink.set(Variable.FILES_COMBINED_SIZE, Long.toString(combined));
    }
    for (NamedValue header : result.partHeaders()) {
      sink.add(Variable.MULTIPART_PART_HEADERS, header.name(), header.value());
    }
    for (String name : result.multipartNames()) {
      sink.add(Variable.MULTIPART_NAME, name, name);
    }
    for (String name : result.multipartFilenames()) {
      sink.add(Variable.MULTIPART_FILENAME, name, name);
    }
    for (String text : result.xmlTexts()) {
      sink.add(Variable.XML, "/*", text);
    }
    for (String value : result.xmlAttributeValues()) {
      sink.add(Variable.XML, "//@*", value);
    }
    for (Map.Entry<String, Integer> flag : result.flags().entrySet()) {
      Variable.byName(flag.getKey()).ifPresent(v -> sink.set(v, Integer.toString(flag.getValue())));
    }
    if (type.get() == BodyProcessorType.URLENCODED) {
      // As the reference engine: the urlencoded processor also publishes the raw body.
      sink.set(Variable.REQUEST_BODY, new String(body, 0, length, StandardCharsets.ISO_8859_1));
    }
    if (result.error()) {
      sink.error(result.errorMessage());
    }
    return true;
  }
}
