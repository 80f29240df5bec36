package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.policyWithRule;
import static io.meshward.policy.yaml.PolicyTexts.readPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.PathPattern;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code http} conditions of an ingress rule: methods, paths and headers. Its first line is line 12. */
class HttpConditionsTest {

  private static Optional<HttpMatch> http(String httpLines) {
    return readPolicy(policyWithRule("http:\n" + httpLines.indent(2))).spec().ingress().get(0).http();
  }

  private static List<String> errors(String httpLines) {
    return formattedErrors(policyWithRule("http:\n" + httpLines.indent(2)));
  }

  @Test
  void anEmptyHttpSectionIsTheSameAsNone() {
    assertThat(http("methods: []\npaths: []\nheaders: []\n")).isEmpty();
    assertThat(readPolicy(policyWithRule("http: {}\n")).spec().ingress().get(0).http()).isEmpty();
  }

  @Nested
  class Methods {
    @Test
    void areHttpTokensWrittenInAnyCaseAndReadInUpperCase() {
      assertThat(http("methods: [get, Post, PURGE, M-SEARCH]\n").orElseThrow().methods())
          .containsExactly("GET", "POST", "PURGE", "M-SEARCH");
    }

    @Test
    void mustBeTokensAndDistinct() {
      assertThat(errors("methods: [GET, get, \"GE T\", 1]\n")).containsExactly(
          "test.yaml:12:24: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.methods[1]: method GET"
              + " is listed twice",
          "test.yaml:12:29: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.methods[2]: \"GE T\" is"
              + " not a valid HTTP method: use letters, digits and the token characters !#$%&'*+-.^_`|~",
          "test.yaml:12:37: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.methods[3]: expected a"
              + " string, got an integer: quote it");
    }
  }

  @Nested
  class Paths {
    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/healthz | EXACT | /healthz",
        "/ | EXACT | /",
        "/api/** | PREFIX | /api/",
        "/** | PREFIX | /",
        "/users/{id} | TEMPLATE | /users/[^/]+",
        "/orders/*/items | TEMPLATE | /orders/[^/]+/items",
        "/v1.2/{tenant}/files | TEMPLATE | /v1\\.2/[^/]+/files",
    })
    void takeEveryFormOfPathPattern(String written, PathPattern.Kind kind, String matchValue) {
      PathPattern pattern = http("paths: [\"" + written + "\"]\n").orElseThrow().paths().get(0);

      assertThat(pattern).isEqualTo(new PathPattern(written, kind, matchValue));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "api/** | a path pattern must start with '/'",
        "/api/**/x | '**' may only be the last segment of a path pattern",
        "/users/*/** | '**' cannot follow '*' or '{name}' segments in a path pattern",
        "/search?q=x | a path pattern cannot contain a query or fragment ('?' or '#')",
        "/files/*.txt | segment '*.txt': '*' and '{name}' must stand for a whole segment, and '**' only for the last"
            + " one",
        "/a b | segment 'a b' has a character that is not allowed in a path",
    })
    void reportTheMessageOfThePatternParser(String written, String message) {
      assertThat(errors("paths: [\"" + written + "\"]\n")).containsExactly(
          "test.yaml:12:17: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.paths[0]: " + message);
    }

    @Test
    void mayNotBeEmpty() {
      assertThat(errors("paths: [\"\"]\n")).singleElement().asString()
          .endsWith("spec.ingress[0].http.paths[0]: a path pattern must not be empty");
    }
  }

  @Nested
  class Headers {
    @Test
    void areMatchedExactlyByPrefixOrByPresence() {
      HttpMatch http = http("""
          headers:
            - name: X-Tenant
              exact: acme
            - name: x-trace
              exact: ""
            - name: ":authority"
              prefix: api.
            - name: x-request-id
              present: true
          """).orElseThrow();

      assertThat(http.headers()).containsExactly(
          new HeaderMatch("x-tenant", HeaderMatch.Kind.EXACT, "acme"),
          new HeaderMatch("x-trace", HeaderMatch.Kind.EXACT, ""),
          new HeaderMatch(":authority", HeaderMatch.Kind.PREFIX, "api."),
          new HeaderMatch("x-request-id", HeaderMatch.Kind.PRESENT, ""));
    }

    @Test
    void haveANameAndExactlyOneCondition() {
      assertThat(errors("""
          headers:
            - {name: a, exact: x, prefix: y}
            - {name: b}
            - {exact: x}
            - {name: "x tenant", exact: x}
            - {name: d, present: false}
            - {name: e, prefix: ""}
            - {name: f, exact: "a\\nb"}
            - {name: g, present: yes}
          """)).containsExactly(
          "test.yaml:13:13: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[0]: a header"
              + " condition has exactly one of exact, prefix or present, but this one has exact and prefix",
          "test.yaml:14:13: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[1]: a header"
              + " condition has exactly one of exact, prefix or present",
          "test.yaml:15:13: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[2].name:"
              + " missing required field 'name'",
          "test.yaml:16:20: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[3].name:"
              + " \"x tenant\" is not a valid header name: use letters, digits and the token characters"
              + " !#$%&'*+-.^_`|~, with an optional leading ':' for pseudo-headers",
          "test.yaml:17:32: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[4].present:"
              + " can only be true: to not require the header, leave the condition out",
          "test.yaml:18:31: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[5].prefix: a"
              + " header prefix must not be empty: use 'present: true' to only require the header",
          "test.yaml:19:30: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.headers[6].exact: a"
              + " header value cannot contain a line break");
    }
  }

  @Test
  void unknownHttpFieldsAreNamed() {
    assertThat(errors("method: [GET]\n")).containsExactly(
        "test.yaml:12:9: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].http.method: unknown field"
            + " 'method'; did you mean 'methods'?");
  }
}
