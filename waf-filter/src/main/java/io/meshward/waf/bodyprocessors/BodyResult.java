package io.meshward.waf.bodyprocessors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a body processor produced from one request body. Immutable; every string is a byte string.
 *
 * @param processor the processor that ran (REQBODY_PROCESSOR)
 * @param args ARGS_POST (and so part of ARGS) in document order, repeated names kept. URLENCODED: decoded pairs.
 *     MULTIPART: one per form field (a part without filename). JSON: one per scalar, named {@code json.a.b},
 *     {@code json.arr.0}, plus {@code json.arr} = the element count of each non-empty array.
 * @param files MULTIPART: the file parts (FILES, FILES_NAMES, FILES_SIZES, FILES_COMBINED_SIZE)
 * @param partHeaders MULTIPART_PART_HEADERS: key = part name, value = {@code "Header-Name: value"}, one per header
 *     line of each part (after folding), header names as sent
 * @param multipartNames MULTIPART_NAME: every {@code name} parameter met in Content-Disposition headers, in order
 * @param multipartFilenames MULTIPART_FILENAME: every {@code filename} parameter met, in order
 * @param xmlTexts XML:/* the way Coraza builds it: each text node (character data, CDATA merged into it), trimmed,
 *     empty ones dropped
 * @param xmlContent XML:/* the way ModSecurity builds it: the text content of the root element, all text nodes
 *     concatenated untrimmed (libxml2's xmlNodeGetContent); empty when not XML
 * @param xmlAttributeValues XML://@* : every attribute value (namespace declarations included, as Coraza does)
 * @param flags variable name to 0/1: all {@link MultipartFlag}s for MULTIPART, {@code URLENCODED_ERROR} for
 *     URLENCODED; empty otherwise. Iteration order is stable.
 * @param error REQBODY_ERROR (and REQBODY_PROCESSOR_ERROR)
 * @param errorMessage REQBODY_ERROR_MSG, e.g. {@code "Multipart parsing error: Multipart: Final boundary missing."};
 *     empty when there is no error. When several problems occur, the first one is reported.
 * @param argsLimitExceeded whether arguments were dropped at the arguments limit (also an error)
 * @param truncated whether the body was longer than {@link BodyLimits#maxBodyBytes()} and only its start was
 *     processed
 * @param bytesProcessed how many body bytes were processed
 */
public record BodyResult(
    BodyProcessorType processor,
    List<NamedValue> args,
    List<FilePart> files,
    List<NamedValue> partHeaders,
    List<String> multipartNames,
    List<String> multipartFilenames,
    List<String> xmlTexts,
    String xmlContent,
    List<String> xmlAttributeValues,
    Map<String, Integer> flags,
    boolean error,
    String errorMessage,
    boolean argsLimitExceeded,
    boolean truncated,
    int bytesProcessed) {

  public BodyResult {
    Objects.requireNonNull(processor, "processor");
    args = List.copyOf(args);
    files = List.copyOf(files);
    partHeaders = List.copyOf(partHeaders);
    multipartNames = List.copyOf(multipartNames);
    multipartFilenames = List.copyOf(multipartFilenames);
    xmlTexts = List.copyOf(xmlTexts);
    Objects.requireNonNull(xmlContent, "xmlContent");
    xmlAttributeValues = List.copyOf(xmlAttributeValues);
    flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    Objects.requireNonNull(errorMessage, "errorMessage");
  }

  /** An empty result: nothing parsed, no error. */
  public static BodyResult empty(BodyProcessorType processor) {
    return new Builder(processor).build();
  }

  /** FILES_COMBINED_SIZE: the sum of the file sizes. */
  public long filesCombinedSize() {
    long sum = 0;
    for (FilePart f : files) {
      sum += f.size();
    }
    return sum;
  }

  /** The value of a flag variable, 0 when the processor did not set it. */
  public int flag(String variable) {
    Integer v = flags.get(variable);
    return v == null ? 0 : v;
  }

  /** The value of a multipart flag, 0 when not a multipart result. */
  public int flag(MultipartFlag flag) {
    return flag(flag.variable());
  }

  /** Accumulates a result; used by the processors. Not thread-safe. */
  static final class Builder {
    final BodyProcessorType processor;
    final List<NamedValue> args = new java.util.ArrayList<>();
    final List<FilePart> files = new java.util.ArrayList<>();
    final List<NamedValue> partHeaders = new java.util.ArrayList<>();
    final List<String> multipartNames = new java.util.ArrayList<>();
    final List<String> multipartFilenames = new java.util.ArrayList<>();
    final List<String> xmlTexts = new java.util.ArrayList<>();
    String xmlContent = "";
    final List<String> xmlAttributeValues = new java.util.ArrayList<>();
    final Map<String, Integer> flags = new LinkedHashMap<>();
    boolean error;
    String errorMessage = "";
    boolean argsLimitExceeded;
    boolean truncated;
    int bytesProcessed;

    Builder(BodyProcessorType processor) {
      this.processor = processor;
    }

    /** Records an error; the first message wins. */
    Builder fail(String message) {
      if (!error) {
        error = true;
        errorMessage = message;
      }
      return this;
    }

    BodyResult build() {
      return new BodyResult(processor, args, files, partHeaders, multipartNames, multipartFilenames, xmlTexts,
          xmlContent, xmlAttributeValues, flags, error, errorMessage, argsLimitExceeded, truncated, bytesProcessed);
    }
  }
}
