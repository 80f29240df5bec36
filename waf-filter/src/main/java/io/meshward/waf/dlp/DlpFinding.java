package io.meshward.waf.dlp;

/**
 * A sensor that fired in one location: how many matches, and a masked sample of the first. Safe to log, report and
 * send: it never holds a matched value.
 */
public record DlpFinding(String sensor, DlpLocation location, int matches, String maskedSample, DlpAction action) {}
