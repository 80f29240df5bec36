/**
 * Request body processors: turn a buffered request body (and the query string and Cookie header, which share the
 * parsing) into the SecLang variables the rules inspect.
 *
 * <p>Entry point: {@link io.meshward.waf.bodyprocessors.BodyProcessors} (thread-safe, one per set of
 * {@link io.meshward.waf.bodyprocessors.BodyLimits}). It runs one of the processors named by
 * {@link io.meshward.waf.bodyprocessors.BodyProcessorType} (URLENCODED, MULTIPART, JSON, XML, RAW) on a body and
 * returns an immutable {@link io.meshward.waf.bodyprocessors.BodyResult}. It also parses query strings
 * ({@link io.meshward.waf.bodyprocessors.ParsedArgs}) and Cookie headers.
 *
 * <p>How a result maps to variables:
 *
 * <ul>
 *   <li>ARGS_POST (and ARGS, ARGS_NAMES, ARGS_POST_NAMES): {@code args()}, in document order, repeated names kept.
 *   <li>FILES: key = part name, value = {@code filename()}; FILES_NAMES: the part names; FILES_SIZES: key = part
 *       name, value = {@code size()}; FILES_COMBINED_SIZE: {@code filesCombinedSize()}; FILES_TMP_CONTENT:
 *       {@code content(body)}. No temporary files are written, so FILES_TMPNAMES stays empty.
 *   <li>MULTIPART_PART_HEADERS: {@code partHeaders()} (key = part name, value = {@code "Name: value"}).
 *   <li>MULTIPART_NAME / MULTIPART_FILENAME: the lists (ModSecurity keeps the last one only).
 *   <li>XML:/* : {@code xmlTexts()} (Coraza: one value per text node) or {@code xmlContent()} (ModSecurity: one
 *       value); XML://@* : {@code xmlAttributeValues()}.
 *   <li>MULTIPART_*, URLENCODED_ERROR: {@code flags()}.
 *   <li>REQBODY_ERROR and REQBODY_PROCESSOR_ERROR: {@code error()} as 0/1; REQBODY_ERROR_MSG and
 *       REQBODY_PROCESSOR_ERROR_MSG: {@code errorMessage()}; REQBODY_PROCESSOR: {@code processor().variableValue()}.
 * </ul>
 *
 * <p>All names and values are byte strings: every char is one byte (0-255), as decoding raw bytes with ISO-8859-1
 * gives them. Text that a parser decodes to Unicode (JSON strings and {@code \}u escapes, XML text and character
 * references) is re-encoded as UTF-8 bytes, one char per byte.
 *
 * <p>Nothing here throws on hostile input: malformed bodies, limits and internal failures all end in a result whose
 * {@code error} is set. Work and memory are linear in the body size and bounded by the limits; no parser recurses.
 */
package io.meshward.waf.bodyprocessors;
