package io.meshward.waf.dlp;

/** A sensor that cannot be used: names the sensor, the pattern and what is wrong. Nothing of the set is applied. */
public final class DlpConfigException extends Exception {
  public DlpConfigException(String message) {
    super(message);
  }
}
