package io.meshward.waf.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of every built-in sensor on a seeded corpus of labelled bodies (JSON, HTML, text, CSV) with
 * planted values and look-alikes: 16-digit numbers that fail Luhn, order ids, timestamps, UUIDs, version strings,
 * random base64, SSN-shaped numbers outside the issued ranges, IBANs with a wrong check, key-shaped strings one
 * character short. A detection is a true positive when it overlaps a value planted for its sensor; one that overlaps
 * only a value planted for another sensor (an e-mail-like {@code user@host} inside URL credentials, a
 * {@code token: ghp_...} assignment that the high-entropy sensor also sees) is counted apart ("on-other"): the data
 * there is sensitive either way. The others are false positives. Bars: precision and recall of at least 0.99 for the checksum-backed sensors, recall of at
 * least 0.99 for every sensor; the measured precision of the others is printed (README records it).
 */
class DlpEvaluationTest {
  private static final int DOCUMENTS = 3_000;
  private static final Set<String> CHECKSUM_BACKED = Set.of("payment-card", "us-ssn", "iban");

  record Planted(String sensor, int start, int end) {}

  record Document(String text, List<Planted> planted) {}

  @Test
  void checksumBackedSensorsReachPrecisionAndRecallOf99Percent() throws Exception {
    DlpEngine engine = DlpEngine.compile(BuiltinSensors.all());
    Generator generator = new Generator(new Random(20261126));
    Map<String, int[]> counts = new LinkedHashMap<>(); // tp, fp, fn, inside another sensor's value
    BuiltinSensors.all().forEach(s -> counts.put(s.name(), new int[4]));
    for (int i = 0; i < DOCUMENTS; i++) {
      Document document = generator.document(i);
      List<DlpMatch> matches = engine.scan(DlpLocation.RESPONSE_BODY, document.text()).matches();
      boolean[] found = new boolean[document.planted().size()];
      for (DlpMatch match : matches) {
        boolean hit = false;
        boolean insideOther = false;
        for (int p = 0; p < document.planted().size(); p++) {
          Planted planted = document.planted().get(p);
          boolean overlaps = match.start() < planted.end() && match.end() > planted.start();
          if (overlaps && planted.sensor().equals(match.sensor().name())) {
            found[p] = true;
            hit = true;
          } else if (overlaps) {
            insideOther = true;
          }
        }
        counts.get(match.sensor().name())[hit ? 0 : insideOther ? 3 : 1]++;
      }
      for (int p = 0; p < found.length; p++) {
        if (!found[p]) {
          counts.get(document.planted().get(p).sensor())[2]++;
        }
      }
    }
    StringBuilder report = new StringBuilder("DLP evaluation, " + DOCUMENTS + " documents:\n");
    counts.forEach((sensor, c) -> report.append(String.format("  %-24s planted %5d  TP %5d  FP %4d  FN %4d"
        + "  on-other %4d  precision %.4f  recall %.4f%n", sensor, c[0] + c[2], c[0], c[1], c[2], c[3],
        precision(c), recall(c))));
    System.out.print(report);
    counts.forEach((sensor, c) -> {
      assertThat(c[0] + c[2]).as("%s: values were planted", sensor).isGreaterThan(100);
      assertThat(recall(c)).as("%s recall\n%s", sensor, report).isGreaterThanOrEqualTo(0.99);
      if (CHECKSUM_BACKED.contains(sensor)) {
        assertThat(precision(c)).as("%s precision\n%s", sensor, report).isGreaterThanOrEqualTo(0.99);
      }
    });
  }

  private static double precision(int[] c) {
    return c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]);
  }

  private static double recall(int[] c) {
    return c[0] + c[2] == 0 ? 1.0 : (double) c[0] / (c[0] + c[2]);
  }

  /** Labelled documents: a few fields or sentences each, some sensitive, most not. */
  static final class Generator {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] WORDS = {"order", "shipped", "garden", "invoice", "customer", "blue", "delivery",
        "status", "pending", "thanks", "planter", "refund", "address", "window", "monday", "catalog"};
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    Document document(int index) {
      int format = index % 4;
      List<String[]> fields = new ArrayList<>(); // {name, value, sensor or null}
      int count = 3 + random.nextInt(6);
      for (int i = 0; i < count; i++) {
        fields.add(random.nextInt(3) == 0 ? sensitive() : lookAlike());
      }
      StringBuilder text = new StringBuilder();
      List<Planted> planted = new ArrayList<>();
      switch (format) {
        case 0 -> text.append("{\"id\": ").append(1000 + index).append(", \"data\": {");
        case 1 -> text.append("<html><body><h1>Account</h1>\n");
        case 2 -> text.append("Hello, here are the details you asked for.\n");
        default -> text.append("field,value,updated\n");
      }
      for (int i = 0; i < fields.size(); i++) {
        String[] field = fields.get(i);
        String value = field[1];
        String prefix;
        String suffix;
        switch (format) {
          case 0 -> {
            boolean bareNumber = value.matches("\\d+") && value.length() < 19 && !value.startsWith("0");
            prefix = (i == 0 ? "" : ", ") + "\"" + field[0] + "\": " + (bareNumber ? "" : "\"");
            suffix = bareNumber ? "" : "\"";
            value = bareNumber ? value : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
          }
          case 1 -> {
            prefix = "<p>" + field[0] + ": <b>";
            suffix = "</b></p>\n";
          }
          case 2 -> {
            prefix = "The " + field[0] + " is " + word() + " " ;
            suffix = ", " + word() + " " + word() + ".\n";
          }
          default -> {
            prefix = field[0] + ",";
            suffix = ",2026-11-" + (10 + random.nextInt(18)) + "\n";
          }
        }
        text.append(prefix);
        if (field[2] != null) {
          planted.add(new Planted(field[2], text.length(), text.length() + value.length()));
        }
        text.append(value).append(suffix);
      }
      switch (format) {
        case 0 -> text.append("}}");
        case 1 -> text.append("</body></html>");
        default -> { }
      }
      return new Document(text.toString(), planted);
    }

    private String word() {
      return WORDS[random.nextInt(WORDS.length)];
    }

    private String[] sensitive() {
      return switch (random.nextInt(17)) {
        case 15 -> new String[] {"credentials", gcpKey(), "gcp-service-account-key"};
        case 16 -> new String[] {"config", "api_key: " + chars(ALNUM, 32), "high-entropy-secret"};
        case 0, 1, 2 -> new String[] {"card", card(), "payment-card"};
        case 3 -> new String[] {"ssn", ssn(), "us-ssn"};
        case 4 -> new String[] {"iban", iban(), "iban"};
        case 5 -> new String[] {"key", awsKeyId(), "aws-access-key"};
        case 6 -> new String[] {"config", "aws_secret_access_key=" + chars(ALNUM + "/+", 40), "aws-secret-key"};
        case 7 -> new String[] {"token", "gh" + "pousr".charAt(random.nextInt(5)) + "_" + chars(ALNUM, 36),
            "github-token"};
        case 8 -> new String[] {"slack", "xoxb-" + digits(12) + "-" + digits(13) + "-" + chars(ALNUM, 24),
            "slack-token"};
        case 9 -> new String[] {"stripe", "sk_live_" + chars(ALNUM, 24 + random.nextInt(20)), "stripe-secret-key"};
        case 10 -> new String[] {"key", pem(), "pem-private-key"};
        case 11 -> new String[] {"db", "postgres://svc" + digits(2) + ":" + chars(ALNUM, 12) + "@db"
            + digits(1) + ".internal:5432/app", "url-credentials"};
        case 12 -> new String[] {"session", jwt(), "jwt"};
        case 13 -> new String[] {"email", word() + "." + word() + digits(2) + "@example" + digits(1) + ".com",
            "email"};
        default -> new String[] {"phone", "(" + (200 + random.nextInt(700)) + ") " + (200 + random.nextInt(700))
            + "-" + digits(4), "phone"};
      };
    }

    private String[] lookAlike() {
      return switch (random.nextInt(10)) {
        case 0 -> new String[] {"ref", notLuhn(), null};
        case 1 -> new String[] {"order", "ORD-" + (2020 + random.nextInt(7)) + "-" + digits(6), null};
        case 2 -> new String[] {"created", Long.toString(1_700_000_000_000L + (long) (random.nextDouble() * 1e11)),
            null};
        case 3 -> new String[] {"uuid", java.util.UUID.nameUUIDFromBytes(digits(8).getBytes()).toString(), null};
        case 4 -> new String[] {"version", "v" + random.nextInt(20) + "." + random.nextInt(40) + "."
            + random.nextInt(100), null};
        case 5 -> new String[] {"blob", Base64.getEncoder().encodeToString(chars(ALNUM, 24).getBytes()), null};
        case 6 -> new String[] {"ssn_like", (random.nextBoolean() ? "666" : "000") + "-" + (10 + random.nextInt(89))
            + "-" + (1000 + random.nextInt(8999)), null};
        case 7 -> new String[] {"iban_like", badIban(), null};
        case 8 -> new String[] {"key_like", "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 15), null};
        default -> new String[] {"note", word() + " " + word() + " " + digits(3) + " " + word(), null};
      };
    }

    private String digits(int n) {
      StringBuilder out = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        out.append((char) ('0' + random.nextInt(10)));
      }
      return out.toString();
    }

    private String chars(String alphabet, int n) {
      StringBuilder out = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return out.toString();
    }

    private String card() {
      String[][] brands = {{"4", "16"}, {"51", "16"}, {"55", "16"}, {"2221", "16"}, {"34", "15"}, {"37", "15"},
          {"6011", "16"}, {"65", "16"}, {"3528", "16"}, {"36", "14"}};
      String[] brand = brands[random.nextInt(brands.length)];
      int length = Integer.parseInt(brand[1]);
      String body = brand[0] + digits(length - 1 - brand[0].length());
      String number = body + luhnDigit(body);
      return format(number);
    }

    private String notLuhn() {
      String body = "4" + digits(14);
      int wrong = (luhnDigit(body) + 1 + random.nextInt(9)) % 10;
      return format(body + wrong);
    }

    private String format(String number) {
      int style = random.nextInt(3);
      if (style == 0 || number.length() != 16) {
        return number;
      }
      String separator = style == 1 ? " " : "-";
      return number.substring(0, 4) + separator + number.substring(4, 8) + separator + number.substring(8, 12)
          + separator + number.substring(12);
    }

    private static int luhnDigit(String body) {
      int sum = 0;
      boolean doubled = true;
      for (int i = body.length() - 1; i >= 0; i--) {
        int d = body.charAt(i) - '0';
        if (doubled) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
        doubled = !doubled;
      }
      return (10 - sum % 10) % 10;
    }

    private String ssn() {
      int area;
      do {
        area = 1 + random.nextInt(899);
      } while (area == 666);
      return String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
    }

    private String iban() {
      String[][] countries = {{"DE", "18", ""}, {"GB", "14", "WEST"}, {"FR", "23", ""}, {"NL", "10", "ABNA"},
          {"ES", "20", ""}};
      String[] country = countries[random.nextInt(countries.length)];
      String bban = country[2] + digits(Integer.parseInt(country[1]));
      int check = 98 - mod97(bban + country[0] + "00");
      String iban = country[0] + String.format("%02d", check) + bban;
      if (random.nextBoolean()) {
        return iban;
      }
      StringBuilder grouped = new StringBuilder();
      for (int i = 0; i < iban.length(); i += 4) {
        grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
      }
      return grouped.toString();
    }

    private String badIban() {
      String iban = iban().replace(" ", "");
      int check = Integer.parseInt(iban.substring(2, 4));
      return iban.substring(0, 2) + String.format("%02d", (check + 1 + random.nextInt(90)) % 97 + 2)
          .substring(0, 2) + iban.substring(4);
    }

    private static int mod97(String text) {
      int remainder = 0;
      for (char c : text.toCharArray()) {
        remainder = Character.isDigit(c) ? (remainder * 10 + c - '0') % 97 : (remainder * 100 + c - 'A' + 10) % 97;
      }
      return remainder;
    }

    private String awsKeyId() {
      return "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    }

    private String gcpKey() {
      return "{\"type\": \"service_account\", \"project_id\": \"shop-" + digits(4)
          + "\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + chars(ALNUM + "+/", 64) + "\\n"
          + chars(ALNUM + "+/", 64) + "\\n-----END PRIVATE KEY-----\\n\"}";
    }

    private String pem() {
      return "-----BEGIN RSA PRIVATE KEY-----\n" + chars(ALNUM + "+/", 64) + "\n" + chars(ALNUM + "+/", 64) + "\n"
          + chars(ALNUM + "+/", 40) + "==\n-----END RSA PRIVATE KEY-----";
    }

    private String jwt() {
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      String header = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String payload = url.encodeToString(("{\"sub\":\"" + digits(8) + "\",\"name\":\"" + word() + "\"}")
          .getBytes(StandardCharsets.UTF_8));
      return header + "." + payload + "." + chars(ALNUM + "-_", 43);
    }
  }
}
