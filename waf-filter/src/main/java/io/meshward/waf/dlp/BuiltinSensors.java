package io.meshward.waf.dlp;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sensors meshward ships. Card numbers, national ids and bank accounts are checksum- or range-validated;
 * credentials are recognised by the formats their issuers document (prefixes, lengths, alphabets). Contact data and the
 * generic high-entropy detector are off by default: they are often legitimate in API traffic.
 */
public final class BuiltinSensors {
  private BuiltinSensors() {}

  private static final Set<DlpLocation> BODIES_AND_URL = EnumSet.of(DlpLocation.URL, DlpLocation.REQUEST_BODY,
      DlpLocation.RESPONSE_BODY);
  private static final Set<DlpLocation> EVERYWHERE = EnumSet.allOf(DlpLocation.class);

  /** Every built-in sensor, the ones off by default included. */
  public static List<DlpSensor> all() {
    return List.of(
        new DlpSensor("payment-card", List.of(
            pattern("visa", "\\b4\\d{3}(?:[ -]?\\d{4}){3}(?:\\d{3})?\\b", Validator.LUHN),
            pattern("mastercard",
                "\\b(?:5[1-5]\\d{2}|222[1-9]|22[3-9]\\d|2[3-6]\\d{2}|27[01]\\d|2720)(?:[ -]?\\d{4}){3}\\b",
                Validator.LUHN),
            pattern("amex", "\\b3[47]\\d{2}[ -]?\\d{6}[ -]?\\d{5}\\b", Validator.LUHN),
            pattern("discover", "\\b6(?:011|5\\d{2}|4[4-9]\\d)(?:[ -]?\\d{4}){3}\\b", Validator.LUHN),
            pattern("jcb", "\\b35(?:2[89]|[3-8]\\d)(?:[ -]?\\d{4}){3}\\b", Validator.LUHN),
            pattern("diners", "\\b3(?:0[0-5]|[68]\\d)\\d[ -]?\\d{6}[ -]?\\d{4}\\b", Validator.LUHN)),
            BODIES_AND_URL, 1, DlpAction.MASK, MaskStyle.CARD, true),
        new DlpSensor("us-ssn", List.of(
            pattern("dashed", "\\b\\d{3}-\\d{2}-\\d{4}\\b", Validator.US_SSN),
            pattern("spaced", "\\b\\d{3} \\d{2} \\d{4}\\b", Validator.US_SSN)),
            BODIES_AND_URL, 1, DlpAction.MASK, new MaskStyle('*', 4, true), true),
        new DlpSensor("iban", List.of(
            pattern("iban", "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b", Validator.IBAN)),
            BODIES_AND_URL, 1, DlpAction.MASK, new MaskStyle('*', 4, true), true),
        new DlpSensor("aws-access-key", List.of(
            pattern("key-id", "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\\b", Validator.NONE)),
            EVERYWHERE, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("aws-secret-key", List.of(
            pattern("assignment", "(?i)\\baws_?secret_?(?:access_?)?key[\"']?\\s{0,8}[:=]\\s{0,8}[\"']?"
                + "[A-Za-z0-9/+]{40}", Validator.NONE)),
            EVERYWHERE, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("gcp-service-account-key", List.of(
            // Also when the key file is itself inside a JSON string (quotes and backslashes escaped once more).
            pattern("private-key-field", "\\\\?\"private_key\\\\?\"\\s{0,8}:\\s{0,8}\\\\?\"-----BEGIN PRIVATE KEY-----"
                + "(?:[A-Za-z0-9+/=]|\\\\{1,2}n){64,2500}-----END PRIVATE KEY-----", Validator.NONE)),
            BODIES_AND_URL, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("github-token", List.of(
            pattern("classic", "\\bgh[pousr]_[A-Za-z0-9]{36}\\b", Validator.NONE),
            pattern("fine-grained", "\\bgithub_pat_[A-Za-z0-9_]{82}\\b", Validator.NONE)),
            EVERYWHERE, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("slack-token", List.of(
            pattern("token", "\\bxox[abposr]-[A-Za-z0-9-]{10,72}\\b", Validator.NONE),
            pattern("webhook", "https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}",
                Validator.NONE)),
            EVERYWHERE, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("stripe-secret-key", List.of(
            pattern("secret", "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,99}\\b", Validator.NONE)),
            EVERYWHERE, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("pem-private-key", List.of(
            pattern("block", "-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----[\\s\\S]{16,8000}?"
                + "-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----", Validator.NONE)),
            BODIES_AND_URL, 1, DlpAction.BLOCK, MaskStyle.FULL, true),
        new DlpSensor("url-credentials", List.of(
            pattern("userinfo", "\\b[a-z][a-z0-9+.-]{1,15}://[^\\s/:@\"'<>]{1,64}:[^\\s/@\"'<>]{1,128}@"
                + "[A-Za-z0-9.-]{1,253}", Validator.NONE)),
            BODIES_AND_URL, 1, DlpAction.MASK, MaskStyle.FULL, true),
        new DlpSensor("jwt", List.of(
            pattern("token", "\\beyJ[A-Za-z0-9_-]{8,2048}\\.eyJ[A-Za-z0-9_-]{8,4096}\\.[A-Za-z0-9_-]{8,1024}\\b",
                Validator.JWT)),
            BODIES_AND_URL, 1, DlpAction.MASK, MaskStyle.FULL, false),
        new DlpSensor("email", List.of(
            pattern("address", "\\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}"
                + "\\.[A-Za-z]{2,24}\\b", Validator.NONE)),
            BODIES_AND_URL, 1, DlpAction.ALERT, new MaskStyle('*', 0, true), false),
        new DlpSensor("phone", List.of(
            pattern("nanp", "(?:\\+1[ .-]?)?\\(?\\b[2-9]\\d{2}\\)?[ .-]?[2-9]\\d{2}[ .-]\\d{4}\\b", Validator.NONE),
            pattern("e164", "\\+[1-9]\\d{7,14}\\b", Validator.NONE)),
            BODIES_AND_URL, 1, DlpAction.ALERT, new MaskStyle('*', 2, true), false),
        new DlpSensor("high-entropy-secret", List.of(
            pattern("assigned-secret", "(?i)\\b(?:secret|token|api[_-]?key|access[_-]?key|passw(?:or)?d|pwd|auth)"
                + "[\"']?\\s{0,4}[:=]\\s{0,4}[\"']?[A-Za-z0-9+/_=-]{16,128}", Validator.HIGH_ENTROPY)),
            BODIES_AND_URL, 1, DlpAction.ALERT, MaskStyle.FULL, false));
  }

  /** The sensors on by default. */
  public static List<DlpSensor> defaults() {
    return all().stream().filter(DlpSensor::enabledByDefault).toList();
  }

  private static DlpSensor.Pattern pattern(String name, String regex, Validator validator) {
    return new DlpSensor.Pattern(name, regex, validator, 0);
  }
}
