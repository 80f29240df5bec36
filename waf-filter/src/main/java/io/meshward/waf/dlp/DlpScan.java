package io.meshward.waf.dlp;

import java.util.List;

/**
 * What the sensors found in one text: the matches (positions, for masking) and the findings (sensors that fired,
 * safe to report).
 */
public record DlpScan(List<DlpMatch> matches, List<DlpFinding> findings) {
  public static final DlpScan NONE = new DlpScan(List.of(), List.of());

  public DlpScan {
    matches = List.copyOf(matches);
    findings = List.copyOf(findings);
  }

  public boolean fired() {
    return !findings.isEmpty();
  }
}
