package io.meshward.waf.service.dlp;

import com.google.protobuf.ByteString;
import io.meshward.waf.dlp.DlpAction;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.dlp.DlpLocation;
import io.meshward.waf.dlp.DlpMasking;
import io.meshward.waf.dlp.DlpMatch;
import io.meshward.waf.dlp.DlpScan;
import io.meshward.waf.dlp.DlpSensor;
import io.meshward.waf.dlp.DlpStream;
import io.meshward.waf.service.inspect.RequestDlp;
import io.meshward.waf.service.mapping.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DLP sensors over one response, as ext_proc hands it over: the headers, then the body, either whole (one
 * message that ends the stream: BUFFERED), as a prefix (BUFFERED_PARTIAL over Envoy's buffer limit: one message that
 * does not end it, the rest passes unseen) or in chunks (STREAMED). Outside ENFORCE it only finds. In ENFORCE it
 * also rewrites the body when a masking sensor applies: a whole body is masked at once (and encoded again when it
 * came gzip or deflate); a chunked body goes through {@link DlpStream}, which holds back a bounded tail so that a
 * value split across chunks is masked whole. When a blocking sensor can fire, a chunked body is held back the same
 * way (released unmasked), so that the start of a value never reaches the client before the 403 replaces the
 * response. Decisions (deny or go on) stay with the caller, which reads {@link #findings()}.
 *
 * <p>Which of these a message is: a first message that ends the body is the whole body; otherwise the body mode
 * Envoy announces in the stream's {@code protocol_config} decides. Without one (an Envoy older than that field), a
 * first message that does not end the body is taken as a BUFFERED_PARTIAL prefix and released whole, since holding
 * back its tail would lose the tail if no message followed (meshward's sidecars use BUFFERED_PARTIAL); when more
 * messages do follow, the body is STREAMED from the second on, and only a value split across the first border can
 * be missed.
 *
 * <p>One instance per ext_proc stream; called by one step at a time. Memory: a whole body as Envoy buffered it (or
 * its decoded form, at most the decoded-size bound); for a chunked body the chunk plus the held tail.
 */
public final class ResponseDlp implements AutoCloseable {
  private static final DlpLocation BODY = DlpLocation.RESPONSE_BODY;

  private final DlpEngine engine;
  private final boolean enforce;
  private final DecodingLimits limits;
  private final SkippedBodies skips;
  private final Set<BodySkip> counted = EnumSet.noneOf(BodySkip.class);
  private final List<DlpFinding> headerFindings = new ArrayList<>();
  private List<DlpFinding> bodyFindings = List.of();
  private ContentCoding coding = ContentCoding.IDENTITY;
  private boolean json;
  private Optional<BodySkip> bodySkip = Optional.empty();
  private BodyMode mode = BodyMode.UNKNOWN;
  private boolean firstChunk = true;
  private DlpStream stream;
  private BoundedInflater inflater;

  /** @param enforce whether the route is in ENFORCE (else only findings, never a rewritten body) */
  public ResponseDlp(DlpEngine engine, boolean enforce, DecodingLimits limits, SkippedBodies skips) {
    this.engine = engine;
    this.enforce = enforce;
    this.limits = limits;
    this.skips = skips;
  }

  /** How Envoy sends the response body (its {@code ProcessingMode.response_body_mode}), when it says so. */
  public enum BodyMode { UNKNOWN, BUFFERED, BUFFERED_PARTIAL, STREAMED }

  /** The body mode Envoy announced for this stream. */
  public void announced(BodyMode bodyMode) {
    this.mode = bodyMode;
  }

  /** Scans the response headers (pseudo-headers left out) and plans how the body is read. */
  public void headers(List<HeaderField> headers) {
    String contentType = "";
    String contentEncoding = null;
    List<HeaderField> regular = new ArrayList<>(headers.size());
    for (HeaderField header : headers) {
      if (header.name().startsWith(":")) {
        continue;
      }
      regular.add(header);
      if (header.name().equalsIgnoreCase("content-type")) {
        contentType = header.value();
      } else if (header.name().equalsIgnoreCase("content-encoding")) {
        contentEncoding = header.value();
      }
    }
    if (engine.looksAt(DlpLocation.RESPONSE_HEADERS)) {
      headerFindings.addAll(engine.scan(DlpLocation.RESPONSE_HEADERS, RequestDlp.headerText(regular)).findings());
    }
    coding = ContentCoding.of(contentEncoding);
    json = MediaTypes.json(contentType);
    if (MediaTypes.binary(contentType)) {
      bodySkip = Optional.of(BodySkip.BINARY);
    } else if (coding == ContentCoding.UNSUPPORTED) {
      bodySkip = Optional.of(BodySkip.UNSUPPORTED_ENCODING);
    }
  }

  /**
   * Whether the body may come out rewritten with another length: ENFORCE, a body the sensors read, and a masking
   * sensor there. Then {@code content-length} must go (Envoy falls back to chunked encoding).
   */
  public boolean mayChangeLength() {
    return enforce && readsBody() && engine.sensors().stream().anyMatch(s -> acts(s, DlpAction.MASK));
  }

  /** Whether each chunk of a plain body is answered with what may go on now (held back, masked) in ENFORCE. */
  private boolean holdsChunks() {
    return enforce && readsBody() && coding == ContentCoding.IDENTITY
        && engine.sensors().stream().anyMatch(s -> acts(s, DlpAction.MASK) || acts(s, DlpAction.BLOCK));
  }

  private boolean readsBody() {
    return bodySkip.isEmpty() && engine.looksAt(BODY);
  }

  private static boolean acts(DlpSensor sensor, DlpAction action) {
    return sensor.action() == action && sensor.locations().contains(BODY);
  }

  /**
   * Takes the next body message.
   *
   * @param end whether it ends the body (a first message that ends it is the whole body)
   * @return the bytes to send instead of the message's, when they differ (masked, held back or released)
   */
  public Optional<ByteString> body(ByteString chunk, boolean end) {
    boolean first = firstChunk;
    firstChunk = false;
    if (!engine.looksAt(BODY)) {
      return Optional.empty();
    }
    if (bodySkip.isPresent()) {
      if (!chunk.isEmpty()) {
        count(bodySkip.get());
      }
      return Optional.empty();
    }
    if (first && end) {
      return whole(chunk);
    }
    if (coding != ContentCoding.IDENTITY) {
      return compressedChunk(chunk, end);
    }
    // A prefix that no message may follow is released whole (see the class comment); a chunk of a stream keeps
    // its tail until the next one.
    return plainChunk(chunk, end || first && mode != BodyMode.STREAMED);
  }

  /**
   * The bytes to send instead of {@code chunk} when a step failed and the rest of the body goes on unread (the fail
   * policy allowed it): the tail held back so far, unmasked, then the chunk; empty when nothing is held. Without
   * this the held tail would never reach the client. Must not be called while a step may still run on this body.
   */
  public Optional<ByteString> unread(ByteString chunk) {
    // Only a plain body answered with held-back chunks owes the client bytes; otherwise the chunks went on as they
    // came and what the stream holds is a copy (or, for a compressed body, decoded text).
    if (stream == null || stream.heldBytes() == 0 || coding != ContentCoding.IDENTITY || !holdsChunks()) {
      return Optional.empty();
    }
    return Optional.of(ByteString.copyFrom(stream.drain(), StandardCharsets.ISO_8859_1).concat(chunk));
  }

  /** What the sensors found in the headers and the body so far: sensor, location, masked sample. */
  public List<DlpFinding> findings() {
    if (headerFindings.isEmpty()) {
      return bodyFindings;
    }
    List<DlpFinding> all = new ArrayList<>(headerFindings);
    all.addAll(bodyFindings);
    return all;
  }

  /** The most bytes a chunked body held back at once so far (0 for a whole body). */
  public int mostHeldBytes() {
    return stream == null ? 0 : stream.mostHeldBytes();
  }

  private Optional<ByteString> whole(ByteString body) {
    String text;
    if (coding == ContentCoding.IDENTITY) {
      text = body.toString(StandardCharsets.ISO_8859_1);
    } else {
      try (BoundedInflater decoder = new BoundedInflater(coding, limits)) {
        byte[] decoded = decoder.feed(body.toByteArray());
        if (decoder.stopped().isPresent()) {
          count(decoder.stopped().get());
          return Optional.empty();
        }
        text = new String(decoded, StandardCharsets.ISO_8859_1);
      }
    }
    DlpScan scan = engine.scan(BODY, text);
    bodyFindings = scan.findings();
    if (!enforce) {
      return Optional.empty();
    }
    // Only sensors that fired (reached their minimum count) and whose action is mask rewrite the body.
    Set<String> masking = bodyFindings.stream().filter(f -> f.action() == DlpAction.MASK)
        .map(DlpFinding::sensor).collect(Collectors.toSet());
    List<DlpMatch> masked = scan.matches().stream().filter(m -> masking.contains(m.sensor().name())).toList();
    if (masked.isEmpty()) {
      return Optional.empty();
    }
    byte[] out = DlpMasking.mask(text, masked, json).getBytes(StandardCharsets.ISO_8859_1);
    if (coding != ContentCoding.IDENTITY) {
      out = Recompression.encode(coding, out);
    }
    return Optional.of(ByteString.copyFrom(out));
  }

  /** @param releaseAll whether everything held goes on now (the end of the body, or a prefix) */
  private Optional<ByteString> plainChunk(ByteString chunk, boolean releaseAll) {
    boolean holds = holdsChunks();
    if (stream == null) {
      stream = new DlpStream(engine, BODY, holds && mayChangeLength(), json);
    }
    DlpStream.Step step = stream.next(chunk.toString(StandardCharsets.ISO_8859_1), releaseAll);
    bodyFindings = stream.findings();
    return holds ? Optional.of(ByteString.copyFrom(step.release(), StandardCharsets.ISO_8859_1)) : Optional.empty();
  }

  /**
   * A compressed body that does not come whole (chunks, or a prefix): decoded within the bounds and scanned; its
   * bytes go on as they came, since a re-encoded part could not be followed by the original rest.
   */
  private Optional<ByteString> compressedChunk(ByteString chunk, boolean end) {
    if (inflater == null) {
      inflater = new BoundedInflater(coding, limits);
      stream = new DlpStream(engine, BODY, false, json);
      if (mayChangeLength()) {
        count(BodySkip.MASK_COMPRESSED_STREAM);
      }
    }
    if (inflater.stopped().isPresent()) {
      return Optional.empty();
    }
    byte[] decoded = inflater.feed(chunk.toByteArray());
    boolean stopped = inflater.stopped().isPresent();
    if (stopped) {
      count(inflater.stopped().get());
    }
    // Past a bound the rest of the body is not read: what was decoded so far is scanned to its end.
    stream.next(new String(decoded, StandardCharsets.ISO_8859_1), end || stopped || inflater.finished());
    bodyFindings = stream.findings();
    return Optional.empty();
  }

  private void count(BodySkip reason) {
    if (counted.add(reason)) {
      skips.skipped(reason);
    }
  }

  @Override
  public void close() {
    if (inflater != null) {
      inflater.close();
    }
  }
}
