package io.meshward.waf.regex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Strings a WAF sees on every benign request: header values, cookie values, URL paths and query values, form fields,
 * JSON values. Hand-written samples plus deterministic combinations of them (a fixed seed), a few hundred in all, as
 * bytes (one char per byte, UTF-8 for the non-ASCII ones).
 */
final class BenignCorpus {
  private BenignCorpus() {}

  static final List<String> HEADER_VALUES = List.of(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
      "okhttp/4.12.0",
      "Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)",
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
      "application/json, text/plain, */*",
      "application/json",
      "*/*",
      "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
      "gzip, deflate, br, zstd",
      "gzip",
      "en-US,en;q=0.9",
      "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7",
      "fr-FR,fr;q=0.8,en;q=0.5",
      "no-cache",
      "max-age=0",
      "keep-alive",
      "close",
      "www.example.com",
      "api.example.org:8443",
      "shop.example.co.uk",
      "https://www.example.com/",
      "https://www.example.com/products/shoes?color=blue&size=42",
      "https://www.google.com/search?q=running+shoes",
      "https://shop.example.co.uk/checkout/step-2",
      "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
      "Basic dXNlcjpwYXNzd29yZA==",
      "XMLHttpRequest",
      "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"",
      "W/\"0815\"",
      "Wed, 21 Oct 2015 07:28:00 GMT",
      "bytes=0-1023",
      "1",
      "0",
      "same-origin",
      "navigate",
      "document",
      "?1",
      "\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"",
      "\"Windows\"",
      "203.0.113.195, 70.41.3.18, 150.172.238.178",
      "for=192.0.2.60;proto=http;by=203.0.113.43",
      "https",
      "550e8400-e29b-41d4-a716-446655440000",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
      "application/x-www-form-urlencoded",
      "text/plain;charset=UTF-8",
      "1024",
      "trailers",
      "h2",
      "Upgrade",
      "websocket",
      "dGhlIHNhbXBsZSBub25jZQ==",
      "13",
      "en",
      "curl/8.5.0",
      "python-requests/2.31.0",
      "Go-http-client/2.0",
      "Apache-HttpClient/4.5.14 (Java/17.0.10)");

  static final List<String> COOKIE_VALUES = List.of(
      "GA1.2.1234567890.1712345678",
      "GS1.1.1712345678.3.1.1712345999.0.0.0",
      "a3f1c9e2b7d44e0f9b8c6a5d4e3f2a1b",
      "s%3AJ5uXh1yv0kQd2nS9.kDq8%2BjR5lYy0mV3wQ2pZ9eX",
      "en-US",
      "dark",
      "true",
      "1712345678",
      "%7B%22consent%22%3Atrue%2C%22ads%22%3Afalse%7D",
      "{\"consent\":true,\"ads\":false}",
      "eyJ1c2VyIjoiYWxpY2UiLCJyb2xlIjoidXNlciJ9",
      "AQIDAHhB7q3mP9s0Xk2nO1vH",
      "cart-8842,cart-9911",
      "0.5",
      "visited");

  static final List<String> PATHS_AND_QUERIES = List.of(
      "/",
      "/index.html",
      "/favicon.ico",
      "/robots.txt",
      "/static/js/main.4f8a2c1e.js",
      "/static/css/app.min.css",
      "/images/logo@2x.png",
      "/api/v1/users/42",
      "/api/v2/orders?page=3&limit=50&sort=-created_at",
      "/products/shoes/running/nike-air-zoom-pegasus-40",
      "/blog/2024/03/how-we-scaled-our-database",
      "/search?q=red+dress&category=women&price_max=80",
      "/account/settings/notifications",
      "/graphql",
      "/healthz",
      "/.well-known/openid-configuration",
      "/oauth/authorize?response_type=code&client_id=webapp&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&scope=openid%20profile&state=af0ifjsldkj",
      "/download/report-2024-Q1.pdf",
      "/de/produkte/schuhe",
      "/cart/add?sku=SKU-10293&qty=2",
      "page=2",
      "q=how to cook pasta",
      "sort=price_asc",
      "utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale",
      "lang=en",
      "id=1234567",
      "ref=homepage_banner",
      "fbclid=IwAR2xyzABCdef123456",
      "gclid=Cj0KCQjw8J6wBhDXARIsAPo7QA9",
      "callback=https://app.example.com/done");

  static final List<String> FORM_FIELDS = List.of(
      "alice",
      "Alice Johnson",
      "alice.johnson@example.com",
      "j.doe+newsletter@mail.example.org",
      "+1 (555) 123-4567",
      "0049 30 1234567",
      "221B Baker Street",
      "Flat 3, 14 Elm Road",
      "London",
      "SW1A 1AA",
      "10115",
      "Berlin",
      "Deutschland",
      "United States",
      "Hello, I would like to know whether the blue model is available in size 42. Thanks!",
      "Great product, arrived on time. Would buy again :)",
      "Please deliver after 5pm; the doorbell is broken.",
      "My order #10293 hasn't arrived yet - can you check?",
      "I'm interested in the job posting for a senior engineer.",
      "Meeting notes: discussed Q3 roadmap, next steps are hiring and budget review.",
      "The quick brown fox jumps over the lazy dog.",
      "Correct horse battery staple",
      "P@ssw0rd!2024",
      "hunter2",
      "on",
      "yes",
      "no",
      "false",
      "42",
      "19.99",
      "2024-04-15",
      "15/04/2024",
      "12:30",
      "EUR",
      "credit_card",
      "4111 1111 1111 1111",
      "Submit",
      "Save changes",
      "Dear team,\r\nplease find attached the invoice.\r\nBest regards,\r\nBob",
      "Jos\u00c3\u00a9 Mar\u00c3\u00ada Garc\u00c3\u00ada",
      "M\u00c3\u00bcller",
      "Stra\u00c3\u009fe 5",
      "caf\u00c3\u00a9 cr\u00c3\u00a8me",
      "I live in S\u00c3\u00a3o Paulo");

  static final List<String> JSON_VALUES = List.of(
      "{\"id\":42,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"active\":true}",
      "{\"items\":[{\"sku\":\"SKU-10293\",\"qty\":2},{\"sku\":\"SKU-2231\",\"qty\":1}],\"coupon\":null}",
      "[1,2,3,4,5]",
      "{\"query\":\"query { user(id: 42) { name email } }\"}",
      "{\"lat\":52.520008,\"lon\":13.404954}",
      "2024-04-15T10:30:00Z",
      "2024-04-15T10:30:00.123+02:00",
      "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      "3.14159",
      "-17",
      "1e10",
      "null",
      "true",
      "de_DE",
      "Europe/Berlin",
      "#ff8800",
      "rgba(255, 136, 0, 0.5)",
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
      "a1b2c3d4e5f6",
      "order_created",
      "PaymentIntent",
      "The meeting has been moved to Thursday at 3pm.",
      "Version 2.3.1 released with bug fixes",
      "https://cdn.example.com/assets/img/banner-1200x400.jpg",
      "mailto:support@example.com",
      "tel:+15551234567",
      "Shipping address updated",
      "user_42",
      "ROLE_USER",
      "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  /** All hand-written samples. */
  static List<String> samples() {
    List<String> all = new ArrayList<>();
    all.addAll(HEADER_VALUES);
    all.addAll(COOKIE_VALUES);
    all.addAll(PATHS_AND_QUERIES);
    all.addAll(FORM_FIELDS);
    all.addAll(JSON_VALUES);
    return all;
  }

  /**
   * The samples, then combinations built from them with a fixed seed until {@code size} distinct strings: form
   * encodings of a few fields, cookie headers, JSON objects of several values, sentences joined.
   */
  static List<String> strings(int size) {
    List<String> samples = samples();
    Set<String> out = new LinkedHashSet<>(samples);
    Random random = new Random(20240415);
    String[] keys = {"name", "email", "q", "page", "id", "comment", "city", "zip", "lang", "token", "amount", "note"};
    while (out.size() < size) {
      switch (random.nextInt(4)) {
        case 0 -> {
          StringBuilder form = new StringBuilder();
          for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
            if (i > 0) {
              form.append('&');
            }
            form.append(keys[random.nextInt(keys.length)]).append('=')
                .append(urlEncode(pick(FORM_FIELDS, random)));
          }
          out.add(form.toString());
        }
        case 1 -> {
          StringBuilder cookies = new StringBuilder();
          for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
            if (i > 0) {
              cookies.append("; ");
            }
            cookies.append('_').append(keys[random.nextInt(keys.length)]).append(i).append('=')
                .append(pick(COOKIE_VALUES, random));
          }
          out.add(cookies.toString());
        }
        case 2 -> {
          StringBuilder json = new StringBuilder("{");
          for (int i = 0, n = 2 + random.nextInt(5); i < n; i++) {
            if (i > 0) {
              json.append(',');
            }
            String value = pick(random.nextBoolean() ? FORM_FIELDS : JSON_VALUES, random);
            json.append('"').append(keys[random.nextInt(keys.length)]).append("\":\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n"))
                .append('"');
          }
          out.add(json.append('}').toString());
        }
        default -> out.add(pick(FORM_FIELDS, random) + " " + pick(FORM_FIELDS, random));
      }
    }
    return List.copyOf(out);
  }

  private static String pick(List<String> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  private static String urlEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4 & 15, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
