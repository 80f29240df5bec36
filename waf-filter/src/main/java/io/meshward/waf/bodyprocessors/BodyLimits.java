package io.meshward.waf.bodyprocessors;

/**
 * Bounds on what the body processors do with one request. Every limit is enforced while parsing: past it the
 * processor stops (or skips), records why, and returns what it has.
 *
 * @param maxBodyBytes bytes of the body that are processed; the rest is ignored and the result says
 *     {@code truncated} (ModSecurity's SecRequestBodyLimitAction ProcessPartial). Default 13,107,200 (Coraza's
 *     recommended SecRequestBodyLimit).
 * @param maxArgs the arguments limit (SecArgumentsLimit): the number of ARGS, GET and POST together. Arguments past
 *     it are dropped; for a body this is a REQBODY_ERROR, so that a payload cannot hide behind padding. Default 1000.
 * @param maxDepth JSON and XML nesting depth (SecRequestBodyJsonDepthLimit): deeper documents are an error. Default
 *     1024 (Coraza's default).
 * @param maxParts multipart parts; more is an error. Default 1000.
 * @param maxFiles multipart file parts before MULTIPART_FILE_LIMIT_EXCEEDED is set (SecUploadFileLimit); 0 means no
 *     limit, as in ModSecurity. Default 100.
 * @param maxPartHeaderLength the longest multipart part header line, and the longest header value after folding
 *     (ModSecurity's MULTIPART_BUF_SIZE). Default 4096.
 * @param maxXmlValues XML text nodes plus attribute values kept; more is an error. Default 10,000.
 * @param maxCollectedBytes chars of names and values collected in all, a guard against outputs much larger than the
 *     body (JSON paths repeat their parents' names). Default 64 MiB.
 */
public record BodyLimits(
    int maxBodyBytes,
    int maxArgs,
    int maxDepth,
    int maxParts,
    int maxFiles,
    int maxPartHeaderLength,
    int maxXmlValues,
    long maxCollectedBytes) {

  /** The defaults listed on the record. */
  public static final BodyLimits DEFAULTS =
      new BodyLimits(13_107_200, 1000, 1024, 1000, 100, 4096, 10_000, 64L * 1024 * 1024);

  public BodyLimits {
    if (maxBodyBytes < 0
        || maxArgs < 0
        || maxDepth < 1
        || maxParts < 1
        || maxFiles < 0
        || maxPartHeaderLength < 1
        || maxXmlValues < 0
        || maxCollectedBytes < 0) {
      throw new IllegalArgumentException("invalid body limits: " + this);
    }
  }

  public BodyLimits withMaxBodyBytes(int v) {
    return new BodyLimits(v, maxArgs, maxDepth, maxParts, maxFiles, maxPartHeaderLength, maxXmlValues,
        maxCollectedBytes);
  }

  public BodyLimits withMaxArgs(int v) {
    return new BodyLimits(maxBodyBytes, v, maxDepth, maxParts, maxFiles, maxPartHeaderLength, maxXmlValues,
        maxCollectedBytes);
  }

  public BodyLimits withMaxDepth(int v) {
    return new BodyLimits(maxBodyBytes, maxArgs, v, maxParts, maxFiles, maxPartHeaderLength, maxXmlValues,
        maxCollectedBytes);
  }

  public BodyLimits withMaxParts(int v) {
    return new BodyLimits(maxBodyBytes, maxArgs, maxDepth, v, maxFiles, maxPartHeaderLength, maxXmlValues,
        maxCollectedBytes);
  }

  public BodyLimits withMaxFiles(int v) {
    return new BodyLimits(maxBodyBytes, maxArgs, maxDepth, maxParts, v, maxPartHeaderLength, maxXmlValues,
        maxCollectedBytes);
  }

  public BodyLimits withMaxPartHeaderLength(int v) {
    return new BodyLimits(maxBodyBytes, maxArgs, maxDepth, maxParts, maxFiles, v, maxXmlValues, maxCollectedBytes);
  }

  public BodyLimits withMaxXmlValues(int v) {
    return new BodyLimits(maxBodyBytes, maxArgs, maxDepth, maxParts, maxFiles, maxPartHeaderLength, v,
        maxCollectedBytes);
  }

  public BodyLimits withMaxCollectedBytes(long v) {
    return new BodyLimits(maxBodyBytes, maxArgs, maxDepth, maxParts, maxFiles, maxPartHeaderLength, maxXmlValues, v);
  }
}
