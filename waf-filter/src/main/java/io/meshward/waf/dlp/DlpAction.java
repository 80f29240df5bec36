package io.meshward.waf.dlp;

/** What ENFORCE does when a sensor fires (LEARN and MONITOR only alert). */
public enum DlpAction {
  ALERT,
  /** 403 for a request; the response replaced by a 403 for a response. */
  BLOCK,
  /** The matches rewritten in flight (see {@link MaskStyle}). */
  MASK
}
