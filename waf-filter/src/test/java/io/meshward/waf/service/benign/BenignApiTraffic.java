package io.meshward.waf.service.benign;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of benign service-mesh API traffic, written for meshward's false-positive measurement: REST
 * JSON CRUD (GET, POST, PUT, PATCH with merge-patch and JSON-patch bodies, DELETE), GraphQL queries and mutations,
 * form posts, and search queries with free text such as people type it (names with apostrophes, punctuation,
 * everyday words that are also SQL keywords); ids, dates, e-mail addresses, base64 tokens and the headers SDKs and
 * browsers send. The same seed gives the same requests.
 */
public final class BenignApiTraffic {
  /** One request as a client sends it. */
  public record Request(String kind, String method, String path, Map<String, String> headers, String contentType,
                        byte[] body) {}

  private static final String[] FIRST = {"Anna", "Liam", "Sofia", "Noah", "Chloé", "Mateo", "Aoife", "Sean",
      "Zoë", "Jürgen", "Priya", "Wei", "Fatima", "Olusegun", "Maria José", "Björn", "Ngozi", "Hiroshi"};
  private static final String[] LAST = {"O'Brien", "Smith", "García", "Müller", "D'Angelo", "Nguyen", "Kowalski",
      "O'Neill", "van der Berg", "Dubois", "Okafor", "Tanaka", "MacDonald", "Al-Sayed", "Rossi", "Johansson"};
  private static final String[] DOMAINS = {"example.com", "mail.example.org", "corp.example.net", "example.co.uk"};
  private static final String[] CITIES = {"Dublin", "São Paulo", "München", "New York", "Lagos", "Kyōto",
      "L'Aquila", "Saint-Étienne", "Cape Town", "Zürich"};
  private static final String[] STREETS = {"12 Main Street", "Flat 3, 45 Queen's Road", "Rua Augusta 1500, apto 32",
      "Hauptstraße 7", "221B Baker St.", "1600 Amphitheatre Pkwy", "Via dell'Indipendenza 3"};
  private static final String[] PRODUCTS = {"Red running shoes", "Espresso machine (stainless steel)",
      "USB-C cable, 2 m", "Kids' rain jacket", "4K monitor 27\"", "Organic green tea – 100 bags",
      "Men's wool socks 3-pack", "Phone case for Pixel 8", "Cast-iron skillet 10.25 in", "Noise-cancelling headphones"};
  private static final String[] SEARCHES = {"red shoes size 42", "how do I reset my password", "O'Reilly books",
      "rock & roll t-shirt", "C++ for beginners", "50% off winter jackets", "tom's diner lyrics",
      "what's the return policy?", "select a delivery slot", "cheap flights from Dublin to Paris",
      "drop-off locations near me", "update billing address", "where is my order #4411", "union square hotels",
      "delete my account", "best pizza in New York", "how to order from the UK", "2+2 puzzle game",
      "jeans 32/34 slim", "coffee beans - dark roast", "Children's books (ages 3-5)", "Müller yoghurt",
      "gift card balance", "can't log in", "iphone 15 pro max case", "vegan & gluten-free snacks",
      "how to cancel or change an order", "script writing course", "insert coins arcade", "table lamp with USB"};
  private static final String[] SENTENCES = {"Please leave the parcel at the front door.",
      "Could you select a different colour if the blue one is out of stock?",
      "I'd like to change my delivery date from Monday to Wednesday, if possible.",
      "The item arrived damaged - the box was crushed and one of the cups is broken.",
      "Thanks for the quick reply! Everything works now :)",
      "Where can I find the invoice for order 4411? I need it for my employer.",
      "We have 3 kids & a dog; is the tent big enough for all of us?",
      "Drop me an e-mail when it's back in stock, please.",
      "Can I update the shipping address or is it too late?",
      "It's a gift, so please don't include the receipt.",
      "Our team (12 people) would like a group booking for 7pm on Friday.",
      "Is the 'Pro' version compatible with the older model?",
      "Order by 2pm for next-day delivery - is that still true on weekends?",
      "I paid twice by mistake; please refund one of the payments.",
      "Hello, I'm trying to join the union of two accounts into one, is that possible?"};
  private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled", "refunded"};
  private static final String[] RESOURCES = {"orders", "customers", "products", "invoices", "shipments",
      "subscriptions", "tickets", "users"};
  private static final String[] USER_AGENTS = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0"
          + " Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4"
          + " Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "okhttp/4.12.0", "grpc-java-netty/1.63.0", "Go-http-client/2.0", "python-requests/2.31.0",
      "axios/1.6.8", "checkout-service/2.3.1 (+https://internal.example.com)", "Dart/3.3 (dart:io)"};
  private static final String[] LANGUAGES = {"en-US,en;q=0.9", "de-DE,de;q=0.9,en;q=0.8", "pt-BR,pt;q=0.9",
      "fr-FR,fr;q=0.8,en-US;q=0.6", "ja-JP,ja;q=0.9"};

  private final Random random;
  private final Instant now = Instant.parse("2024-06-11T09:30:00Z");

  public BenignApiTraffic(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} requests, in a fixed mix (see {@link #next()}). */
  public List<Request> requests(int count) {
    List<Request> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(next());
    }
    return requests;
  }

  /**
   * One request: about a quarter REST reads, a quarter searches and listings, a third writes (POST, PUT, PATCH,
   * DELETE), the rest GraphQL and form posts.
   */
  public Request next() {
    int pick = random.nextInt(100);
    if (pick < 18) {
      return getOne();
    }
    if (pick < 28) {
      return list();
    }
    if (pick < 42) {
      return search();
    }
    if (pick < 54) {
      return create();
    }
    if (pick < 61) {
      return replace();
    }
    if (pick < 67) {
      return mergePatch();
    }
    if (pick < 73) {
      return jsonPatch();
    }
    if (pick < 78) {
      return delete();
    }
    if (pick < 90) {
      return graphql();
    }
    return form();
  }

  private Request getOne() {
    String resource = pick(RESOURCES);
    String path = "/api/v1/" + resource + "/" + id() + (random.nextBoolean() ? "" : "?expand=items,customer");
    return new Request("rest-get", "GET", path, headers(false), null, null);
  }

  private Request list() {
    String resource = pick(RESOURCES);
    StringBuilder query = new StringBuilder("page=" + (1 + random.nextInt(20)) + "&limit=" + pick("10", "25", "50",
        "100"));
    query.append("&sort=").append(pick("created_at", "-created_at", "updated_at", "name", "-total"));
    if (random.nextBoolean()) {
      query.append("&status=").append(pick(STATUSES));
    }
    if (random.nextBoolean()) {
      query.append("&created_after=").append(encode(now.minus(random.nextInt(90), ChronoUnit.DAYS).toString()));
    }
    if (random.nextInt(4) == 0) {
      query.append("&fields=id,name,email,created_at");
    }
    if (random.nextInt(5) == 0) {
      query.append("&cursor=").append(token(24));
    }
    return new Request("rest-list", "GET", "/api/v1/" + resource + "?" + query, headers(false), null, null);
  }

  private Request search() {
    String text = random.nextInt(3) == 0 ? pick(SEARCHES) + " " + pick(CITIES) : pick(SEARCHES);
    String path = pick("/api/v1/search", "/search", "/api/v2/products/search") + "?q=" + encode(text)
        + (random.nextBoolean() ? "&lang=" + pick("en", "de", "pt", "fr") : "")
        + (random.nextBoolean() ? "&from=" + LocalDate.of(2024, 1 + random.nextInt(12), 1 + random.nextInt(28))
            + "&to=2024-12-31" : "");
    return new Request("search", "GET", path, headers(false), null, null);
  }

  private Request create() {
    String resource = pick("orders", "customers", "tickets", "products");
    String json = switch (resource) {
      case "orders" -> order();
      case "customers" -> customer();
      case "tickets" -> "{\"subject\":" + quote(pick(SEARCHES)) + ",\"message\":" + quote(sentences(2))
          + ",\"priority\":\"" + pick("low", "normal", "high") + "\",\"customer_email\":" + quote(email())
          + ",\"attachments\":[]}";
      default -> product();
    };
    return json("rest-post", "POST", "/api/v1/" + resource, json);
  }

  private Request replace() {
    return json("rest-put", "PUT", "/api/v1/customers/" + id(), customer());
  }

  private Request mergePatch() {
    String json = pick(
        "{\"status\":\"" + pick(STATUSES) + "\",\"updated_by\":" + quote(email()) + "}",
        "{\"shipping_address\":{\"line1\":" + quote(pick(STREETS)) + ",\"city\":" + quote(pick(CITIES)) + "}}",
        "{\"note\":" + quote(pick(SENTENCES)) + ",\"tags\":[\"gift\",\"priority\"]}",
        "{\"phone\":" + quote(phone()) + ",\"marketing_opt_in\":" + random.nextBoolean() + "}");
    return new Request("rest-patch-merge", "PATCH", "/api/v1/" + pick(RESOURCES) + "/" + id(), headers(true),
        "application/merge-patch+json", bytes(json));
  }

  private Request jsonPatch() {
    String json = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + pick(STATUSES) + "\"},"
        + pick("{\"op\":\"add\",\"path\":\"/items/-\",\"value\":{\"sku\":\"" + sku() + "\",\"qty\":"
            + (1 + random.nextInt(5)) + "}}",
        "{\"op\":\"remove\",\"path\":\"/items/" + random.nextInt(4) + "\"}",
        "{\"op\":\"test\",\"path\":\"/version\",\"value\":" + random.nextInt(40) + "}",
        "{\"op\":\"copy\",\"from\":\"/billing_address\",\"path\":\"/shipping_address\"}",
        "{\"op\":\"move\",\"from\":\"/draft/note\",\"path\":\"/note\"}") + "]";
    return new Request("rest-patch-json", "PATCH", "/api/v1/orders/" + id(), headers(true),
        "application/json-patch+json", bytes(json));
  }

  private Request delete() {
    String path = "/api/v1/" + pick(RESOURCES) + "/" + id() + (random.nextInt(3) == 0 ? "?soft=true" : "");
    return new Request("rest-delete", "DELETE", path, headers(false), null, null);
  }

  private Request graphql() {
    String query = pick(
        "query GetOrder($id: ID!) { order(id: $id) { id status total { amount currency } items { sku quantity"
            + " product { name } } customer { name email } } }",
        "query Search($q: String!, $first: Int) { search(query: $q, first: $first) { edges { node { id name"
            + " price } } pageInfo { hasNextPage endCursor } } }",
        "mutation UpdateAddress($id: ID!, $input: AddressInput!) { updateAddress(id: $id, input: $input) { id"
            + " line1 city } }",
        "mutation AddToCart($sku: String!, $qty: Int = 1) { addToCart(sku: $sku, quantity: $qty) { cart { id"
            + " itemCount } errors { field message } } }",
        "{ viewer { id login orders(last: 5, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { id"
            + " createdAt } } } }",
        "query { products(filter: {category: \\\"shoes\\\", inStock: true}) { id name variants { size colour } } }");
    String variables = pick(
        "{\"id\":\"" + UUID.nameUUIDFromBytes(bytes("o" + random.nextInt())) + "\"}",
        "{\"q\":" + quote(pick(SEARCHES)) + ",\"first\":20}",
        "{\"id\":\"" + id() + "\",\"input\":{\"line1\":" + quote(pick(STREETS)) + ",\"city\":" + quote(pick(CITIES))
            + "}}",
        "{\"sku\":\"" + sku() + "\",\"qty\":2}",
        "{}");
    if (random.nextInt(4) == 0) {
      String plain = query.replace("\\\"", "\"");
      return new Request("graphql", "POST", "/graphql", headers(true), "application/graphql", bytes(plain));
    }
    String json = "{\"operationName\":null,\"query\":\"" + query + "\",\"variables\":" + variables + "}";
    return json("graphql", "POST", pick("/graphql", "/api/graphql"), json);
  }

  private Request form() {
    Map<String, String> fields = new LinkedHashMap<>();
    switch (random.nextInt(4)) {
      case 0 -> {
        fields.put("username", email());
        fields.put("password", token(12));
        fields.put("remember_me", "on");
      }
      case 1 -> {
        fields.put("name", name());
        fields.put("email", email());
        fields.put("subject", pick(SEARCHES));
        fields.put("message", sentences(1 + random.nextInt(3)));
      }
      case 2 -> {
        fields.put("email", email());
        fields.put("frequency", pick("weekly", "monthly"));
        fields.put("topics[]", pick("news", "offers", "product-updates"));
      }
      default -> {
        fields.put("grant_type", "refresh_token");
        fields.put("refresh_token", token(48));
        fields.put("client_id", "web-" + random.nextInt(1000));
        fields.put("scope", "openid profile orders:read orders:write");
      }
    }
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(encode(k)).append('=')
        .append(encode(v)));
    return new Request("form", "POST", pick("/login", "/contact", "/newsletter/subscribe", "/oauth/token"),
        headers(true), "application/x-www-form-urlencoded", bytes(body.toString()));
  }

  private Request json(String kind, String method, String path, String json) {
    return new Request(kind, method, path, headers(true), pick("application/json", "application/json; charset=utf-8"),
        bytes(json));
  }

  private String order() {
    StringBuilder items = new StringBuilder();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      items.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(sku()).append("\",\"name\":")
          .append(quote(pick(PRODUCTS))).append(",\"qty\":").append(1 + random.nextInt(3)).append(",\"unit_price\":")
          .append(String.format(Locale.ROOT, "%.2f", 1 + random.nextInt(30000) / 100.0)).append('}');
    }
    return "{\"customer_id\":\"" + id() + "\",\"currency\":\"" + pick("EUR", "USD", "GBP", "BRL")
        + "\",\"items\":[" + items + "],\"shipping_address\":{\"name\":" + quote(name()) + ",\"line1\":"
        + quote(pick(STREETS)) + ",\"city\":" + quote(pick(CITIES)) + ",\"postal_code\":\"" + (10000
        + random.nextInt(89999)) + "\"},\"note\":" + quote(random.nextBoolean() ? pick(SENTENCES) : "")
        + ",\"requested_delivery\":\"" + LocalDate.of(2024, 7, 1 + random.nextInt(30)) + "\",\"idempotency_key\":\""
        + UUID.nameUUIDFromBytes(bytes("k" + random.nextLong())) + "\"}";
  }

  private String customer() {
    return "{\"name\":" + quote(name()) + ",\"email\":" + quote(email()) + ",\"phone\":" + quote(phone())
        + ",\"birth_date\":\"" + LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12),
        1 + random.nextInt(28)) + "\",\"address\":{\"line1\":" + quote(pick(STREETS)) + ",\"city\":"
        + quote(pick(CITIES)) + ",\"country\":\"" + pick("IE", "BR", "DE", "US", "NG", "JP", "CH") + "\"},"
        + "\"preferences\":{\"language\":\"" + pick("en", "de", "pt") + "\",\"newsletter\":" + random.nextBoolean()
        + "},\"created_at\":\"" + now.minus(random.nextInt(1000), ChronoUnit.HOURS) + "\"}";
  }

  private String product() {
    return "{\"sku\":\"" + sku() + "\",\"name\":" + quote(pick(PRODUCTS)) + ",\"description\":"
        + quote(sentences(2)) + ",\"price\":{\"amount\":" + (100 + random.nextInt(99900)) + ",\"currency\":\"EUR\"},"
        + "\"tags\":[\"" + pick("new", "sale", "bestseller") + "\",\"" + pick("summer", "outdoor", "kitchen")
        + "\"],\"image_url\":\"https://cdn.example.com/img/" + token(12) + ".jpg\",\"active\":true}";
  }

  private Map<String, String> headers(boolean withBody) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("user-agent", pick(USER_AGENTS));
    headers.put("accept", pick("application/json", "application/json, text/plain, */*", "*/*",
        "application/graphql-response+json, application/json"));
    headers.put("accept-encoding", pick("gzip, deflate, br", "gzip", "identity"));
    if (random.nextBoolean()) {
      headers.put("accept-language", pick(LANGUAGES));
    }
    headers.put("authorization", "Bearer " + jwt());
    headers.put("traceparent", "00-" + hex(32) + "-" + hex(16) + "-01");
    if (random.nextInt(3) == 0) {
      headers.put("cookie", "session=" + token(32) + "; _ga=GA1.2." + random.nextInt(1_000_000_000) + "."
          + (1_700_000_000 + random.nextInt(20_000_000)) + "; consent=necessary%2Canalytics");
    }
    if (random.nextInt(4) == 0) {
      headers.put("x-api-key", token(30));
    }
    if (withBody && random.nextInt(3) == 0) {
      headers.put("idempotency-key", UUID.nameUUIDFromBytes(bytes("i" + random.nextLong())).toString());
    }
    if (random.nextInt(5) == 0) {
      headers.put("origin", "https://app.example.com");
      headers.put("referer", "https://app.example.com/orders?tab=open");
    }
    return headers;
  }

  private String jwt() {
    String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + hex(8) + "\"}");
    String payload = base64Url("{\"sub\":\"" + id() + "\",\"iss\":\"https://auth.example.com/\",\"aud\":"
        + "\"orders-api\",\"scope\":\"orders:read orders:write\",\"email\":\"" + email() + "\",\"iat\":"
        + (1_718_000_000 + random.nextInt(100_000)) + ",\"exp\":" + (1_718_100_000 + random.nextInt(100_000)) + "}");
    return header + "." + payload + "." + token(43);
  }

  private String id() {
    return switch (random.nextInt(3)) {
      case 0 -> Integer.toString(1 + random.nextInt(9_999_999));
      case 1 -> UUID.nameUUIDFromBytes(bytes("id" + random.nextLong())).toString();
      default -> pick("ord_", "cus_", "prd_", "inv_") + token(14);
    };
  }

  private String name() {
    return pick(FIRST) + " " + pick(LAST);
  }

  private String email() {
    String local = (pick(FIRST) + "." + pick(LAST)).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z.]", "") + (random.nextBoolean() ? "+" + pick("orders", "news") : "");
    return local + "@" + pick(DOMAINS);
  }

  private String phone() {
    return pick("+353 1 ", "+55 11 9", "+49 30 ", "+1 (212) ") + (1000000 + random.nextInt(8999999));
  }

  private String sku() {
    return pick("SHO", "KIT", "ELE", "TEA", "APP") + "-" + (1000 + random.nextInt(9000)) + "-" + pick("RD", "BL",
        "XL", "42");
  }

  private String sentences(int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(i == 0 ? "" : " ").append(pick(SENTENCES));
    }
    return text.toString();
  }

  private String token(int length) {
    byte[] raw = new byte[length];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw).substring(0, length);
  }

  private String hex(int digits) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < digits; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(text));
  }

  /** A JSON string literal. */
  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
