package io.meshward.waf.dlp;

import java.util.Map;

/**
 * One valid example per built-in sensor, as the issuers document the formats (test values, not real ones). Shared by
 * the engine's tests and the service tests that prove no event, audit line or log holds a value found.
 */
public final class SensorExamples {
  private SensorExamples() {}

  public static final Map<String, String> EXAMPLES = Map.ofEntries(
      Map.entry("payment-card", "4111 1111 1111 1111"),
      Map.entry("us-ssn", "123-45-6789"),
      Map.entry("iban", "GB82 WEST 1234 5698 7654 32"),
      Map.entry("aws-access-key", "AKIAIOSFODNN7EXAMPLE"),
      Map.entry("aws-secret-key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      Map.entry("gcp-service-account-key", "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n"
          + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3Sc6dV"
          + "\\n-----END PRIVATE KEY-----\\n\""),
      Map.entry("github-token", "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R"),
      Map.entry("slack-token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
      Map.entry("stripe-secret-key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
      Map.entry("pem-private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p"
          + "4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----"),
      Map.entry("url-credentials", "postgres://app:s3cr3t-pw@db.internal:5432/orders"),
      Map.entry("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ"
          + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
      Map.entry("email", "jane.doe@example.com"),
      Map.entry("phone", "(415) 555-2671"),
      Map.entry("high-entropy-secret", "api_key=Zx9q2Lm7Rt4Vb8Nc1Kd6Hf3Gj5Ps0WaYe"));
}
