package io.meshward.waf.service.dlp;

/** Told when a response body, or its masking, is skipped by the DLP sensors (a counter). Must not block. */
@FunctionalInterface
public interface SkippedBodies {
  SkippedBodies NONE = reason -> { };

  void skipped(BodySkip reason);
}
