package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.operators.InjectionDetector;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision rules of {@code libinjection_xss()}, one behaviour per test. */
class XssDetectorTest {
  private static final InjectionDetector DETECTOR = XssDetector.create();

  private static boolean xss(String input) {
    return DETECTOR.detect(input).isPresent();
  }

  @Test
  void plainTextAndHarmlessMarkupAreNotXss() {
    assertThat(DETECTOR.detect("hello world")).isEmpty();
    assertThat(DETECTOR.detect("")).isEmpty();
    assertThat(DETECTOR.detect("<b>bold</b> <a href=\"/home\" title=x>home</a>")).isEmpty();
    assertThat(DETECTOR.detect("1 < 2 and 3 > 2")).isEmpty();
  }

  @Test
  void theResultNamesTheReason() {
    assertThat(DETECTOR.detect("<script>alert(1)</script>")).contains("tag:script");
    assertThat(DETECTOR.detect("<img src=x onerror=alert(1)>")).contains("attribute:onerror");
    assertThat(DETECTOR.detect("<!DOCTYPE html>")).contains("doctype");
    assertThat(DETECTOR.detect("<!--[if IE]>x<![endif]-->")).contains("comment");
  }

  @Nested
  class BlacklistedTags {
    @ParameterizedTest
    @ValueSource(strings = {"applet", "base", "comment", "embed", "frame", "frameset", "handler", "iframe", "import",
        "isindex", "link", "listener", "meta", "noscript", "object", "script", "style", "vmlframe", "xml", "xss"})
    void everyListedStartTagIsXss(String tag) {
      assertThat(xss("<" + tag + ">")).isTrue();
      assertThat(xss("<" + tag.toUpperCase() + " x=1>")).isTrue();
    }

    @Test
    void nulBytesInsideTheNameAreIgnored() {
      assertThat(xss("<scr\0ipt>")).isTrue();
      assertThat(xss("<\0script>")).isTrue();
    }

    @Test
    void onlyExactNamesMatchExceptTheSvgAndXslPrefixes() {
      assertThat(xss("<scripts>")).isFalse();
      assertThat(xss("<scrip>")).isFalse();
      assertThat(xss("<svg>")).isTrue();
      assertThat(xss("<SVGfoo>")).isTrue();
      assertThat(xss("<xsl:stylesheet>")).isTrue();
      assertThat(xss("<sv>")).isFalse();
    }

    @Test
    void endTagsAreNotJudged() {
      assertThat(xss("</script>")).isFalse();
    }

    @Test
    void closingFlagQuirkLetsAStartTagPassAsAnEndTag() {
      XssDetector detector = XssDetector.create();
      // "</x >" ends in before-attribute-name, which leaves the closing flag set: the next name ended by '>' is
      // then an end tag (TAG_CLOSE), exactly as in the reference, so the DATA pass misses <script>...
      assertThat(detector.firstDangerousToken("</x ><script>", Html5Context.DATA)).isNull();
      assertThat(detector.firstDangerousToken("</x><script>", Html5Context.DATA)).isEqualTo("tag:script");
      assertThat(detector.firstDangerousToken("</x ><script >", Html5Context.DATA)).isEqualTo("tag:script");
      // ... while the pass that starts inside a tag reads "</x" as an attribute name and sees the tag.
      assertThat(detector.firstDangerousToken("</x ><script>", Html5Context.VALUE_NO_QUOTE)).isEqualTo("tag:script");
      assertThat(xss("</x ><script>")).isTrue();
    }
  }

  @Nested
  class EventHandlers {
    @Test
    void anOnAttributeNamingAKnownEventIsXssWhateverItsValue() {
      assertThat(xss("<img src=x onerror=alert(1)>")).isTrue();
      assertThat(xss("<body ONLOAD=''>")).isTrue();
      assertThat(xss("<div onmouseover=\"\">")).isTrue();
    }

    @Test
    void theNameAfterOnNeedOnlyBeginWithAnEventName() {
      assertThat(xss("<x onerrorfoo=1>")).isTrue();
      assertThat(xss("<x onload2=1>")).isTrue();
    }

    @Test
    void plainOnAttributesAreNot() {
      assertThat(xss("<x onfire=1>")).isFalse();
      assertThat(xss("<x onewsaction=1>")).isFalse();
      assertThat(xss("<x onion=1>")).isFalse();
    }

    @Test
    void nulBytesAfterOnAreIgnored() {
      // NUL ends an attribute name in the tokenizer, so it can only reach the classifier through attributeName.
      assertThat(xss("<animate attributeName=\"on\0error\">")).isTrue();
      assertThat(xss("<x onerr\0or=1>")).isFalse();
    }

    @Test
    void aNameWithoutValueIsNotJudged() {
      assertThat(xss("<x onerror>")).isFalse();
    }

    @Test
    void injectedInsideATagOrAQuotedValue() {
      assertThat(xss(" onerror=alert(1)")).isTrue();
      assertThat(xss("x' onerror='alert(1)")).isTrue();
      assertThat(xss("x\" onerror=\"alert(1)")).isTrue();
      assertThat(xss("x` onerror=`alert(1)")).isTrue();
    }
  }

  @Nested
  class OtherAttributes {
    @Test
    void namespaceAndDataBindingAttributesAreAlwaysXss() {
      assertThat(xss("<x xmlns:foo=bar>")).isTrue();
      assertThat(xss("<x xlink:title=bar>")).isTrue();
      assertThat(xss("<x datasrc=#a>")).isTrue();
      assertThat(xss("<x dataformatas=html>")).isTrue();
    }

    @Test
    void styleAndFilterAreAlwaysXss() {
      assertThat(xss("<x style=color:red>")).isTrue();
      assertThat(xss("<x FILTER=''>")).isTrue();
    }

    @Test
    void attributeNameIsXssWhenItsValueNamesADangerousAttribute() {
      assertThat(xss("<animate attributeName=onclick>")).isTrue();
      assertThat(xss("<animate attributeName=href>")).isTrue();
      assertThat(xss("<animate attributeName=width>")).isFalse();
    }

    @Test
    void ordinaryAttributesAreNot() {
      assertThat(xss("<a title=javascript:alert(1)>")).isFalse();
    }
  }

  @Nested
  class UrlAttributes {
    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java", "vbscript:msgbox",
        "data:text/html,x", "view-source:http://x", "  \t javascript:x", "\u0080javascript:x"})
    void aDangerousSchemeIsXss(String url) {
      assertThat(xss("<a href=\"" + url + "\">")).as(url).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"&#106;avascript:x", "&#106avascript:x", "&#x6A;avascript:x", "&#X6a;avascript:x",
        "&#0000106;avascript:x", "&#32;javascript:x", "ja&#10;vascript:x", "jav\0ascript:x", "ja&#0;vascript:x"})
    void numericEntitiesAreDecodedAndNulOrNewlineSkipped(String url) {
      assertThat(xss("<a href=\"" + url + "\">")).as(url).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "/javascript:x", "&#9999999999;javascript:x", "&jnot;avascript:x",
        "ja&#9;vascript:x", "&javascript:x"})
    void otherValuesAreNot(String url) {
      assertThat(xss("<a href=\"" + url + "\">")).as(url).isFalse();
    }

    @Test
    void everyUrlAttributeIsChecked() {
      for (String name : new String[] {"action", "background", "by", "dynsrc", "folder", "formaction", "from",
          "handler", "href", "lowsrc", "poster", "src", "to", "values", "xlink:href"}) {
        assertThat(xss("<x " + name + "=javascript:x>")).as(name).isTrue();
        assertThat(xss("<x " + name.toUpperCase() + "=https://x>")).as(name).isEqualTo(name.startsWith("xlink"));
      }
    }
  }

  @Nested
  class Comments {
    @Test
    void aBackQuoteAnywhereInACommentIsXss() {
      assertThat(xss("<!-- ` -->")).isTrue();
      assertThat(xss("<!-- plain -->")).isFalse();
    }

    @Test
    void conditionalCommentsAndXmlDeclarationsAreXss() {
      assertThat(xss("<!--[if IE]><![endif]-->")).isTrue();
      assertThat(xss("<?xml version=1?>")).isTrue();
      assertThat(xss("<?xml")).isFalse(); // longer than 3 bytes is required
      assertThat(xss("<?import namespace=x>")).isTrue();
      assertThat(xss("<!ENTITY x SYSTEM 'y'>")).isTrue();
      assertThat(xss("<!EN\0TITY x>")).isTrue();
    }

    @Test
    void ieAndBogusCommentsAreJudgedToo() {
      assertThat(xss("<% ` %>")).isTrue();
      assertThat(xss("</ `>")).isTrue();
    }
  }

  @Test
  void anyDoctypeIsXss() {
    assertThat(xss("<!doctype html>")).isTrue();
    assertThat(xss("<!DoCtYpE")).isTrue();
  }

  @Test
  void charsAboveLatin1AreToleratedAndNeverMatchLetters() {
    assertThat(xss("<\u017Fcript>")).isFalse(); // U+017F folds to 's' in Java, not in byte strings
    assertThat(xss("<a href=\u0130javascript:x>")).isTrue(); // skipped like any byte >= 0x7F
    assertThat(xss("\uFFFF<script>")).isTrue();
  }
}
