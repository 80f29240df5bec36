package io.meshward.waf.dlp;

/**
 * A validated match in a text: which sensor and pattern, and where ({@code start} inclusive, {@code end} exclusive).
 * Holds no copy of the text.
 */
public record DlpMatch(DlpSensor sensor, String pattern, int start, int end) {}
