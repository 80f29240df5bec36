package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokenizer behaviour the {@code test-html5-*} files do not cover: start contexts and reference quirks. */
class Html5TokenizerTest {

  private static List<String> tokens(String input, Html5Context context) {
    List<String> out = new ArrayList<>();
    Html5Tokenizer tokenizer = Html5Tokenizer.of(input, context);
    for (Html5Token token = tokenizer.next(); token != null; token = tokenizer.next()) {
      out.add(token.describe());
    }
    return out;
  }

  @Test
  void closingFlagSurvivesAGreaterThanAfterWhitespace() {
    assertThat(tokens("</x ><script>", Html5Context.DATA)).containsExactly(
        "TAG_NAME_OPEN,1,x", "TAG_NAME_CLOSE,1,>", "TAG_CLOSE,6,script");
  }

  @Test
  void closingFlagSurvivesAQuotedValueAndSelfClose() {
    assertThat(tokens("</x a=\"b\"><y>", Html5Context.DATA)).endsWith("TAG_CLOSE,1,y");
    assertThat(tokens("</x /><y>", Html5Context.DATA)).endsWith("TAG_CLOSE,1,y");
    assertThat(tokens("</><y>", Html5Context.DATA)).containsExactly("TAG_CLOSE,1,y");
  }

  @Test
  void closingFlagIsClearedByTheTagNameCloseStep() {
    assertThat(tokens("</x a><y>", Html5Context.DATA)).endsWith("TAG_NAME_OPEN,1,y", "TAG_NAME_CLOSE,1,>");
    assertThat(tokens("</x a=b><y>", Html5Context.DATA)).endsWith("TAG_NAME_OPEN,1,y", "TAG_NAME_CLOSE,1,>");
    assertThat(tokens("</x a ><y>", Html5Context.DATA)).endsWith("TAG_NAME_OPEN,1,y", "TAG_NAME_CLOSE,1,>");
    assertThat(tokens("</ x><y>", Html5Context.DATA)).endsWith("TAG_NAME_OPEN,1,y", "TAG_NAME_CLOSE,1,>");
  }

  @Test
  void nulIsPartOfATagNameButWhitespaceElsewhere() {
    assertThat(tokens("<a\0b c\0d=e\0f>", Html5Context.DATA)).containsExactly(
        "TAG_NAME_OPEN,3,a\0b", "ATTR_NAME,1,c", "ATTR_NAME,1,d", "ATTR_VALUE,1,e", "ATTR_NAME,1,f",
        "TAG_NAME_CLOSE,1,>");
    assertThat(tokens("<\0x>", Html5Context.DATA)).startsWith("TAG_NAME_OPEN,2,\0x");
  }

  @Test
  void commentsEndAtDashDashOrDashBangAndSkipNulsAfterTheFirstDash() {
    assertThat(tokens("<!--a-!>b", Html5Context.DATA)).containsExactly("TAG_COMMENT,1,a", "DATA_TEXT,1,b");
    assertThat(tokens("<!--a-\0\0->b", Html5Context.DATA)).containsExactly("TAG_COMMENT,1,a", "DATA_TEXT,1,b");
    assertThat(tokens("<!--a--\0>b", Html5Context.DATA)).containsExactly("TAG_COMMENT,6,a--\0>b");
  }

  @Test
  void valueNoQuoteStartsWhereAnAttributeNameMayBegin() {
    assertThat(tokens(" onload=x>", Html5Context.VALUE_NO_QUOTE)).containsExactly(
        "ATTR_NAME,6,onload", "ATTR_VALUE,1,x", "TAG_NAME_CLOSE,1,>");
  }

  @Test
  void quotedContextsStartInsideTheValueWithoutSkippingALeadingQuote() {
    assertThat(tokens("a' b=c", Html5Context.VALUE_SINGLE_QUOTE)).containsExactly(
        "ATTR_VALUE,1,a", "ATTR_NAME,1,b", "ATTR_VALUE,1,c");
    assertThat(tokens("\"x", Html5Context.VALUE_DOUBLE_QUOTE)).startsWith("ATTR_VALUE,0,");
    assertThat(tokens("a`>", Html5Context.VALUE_BACK_QUOTE)).containsExactly("ATTR_VALUE,1,a", "TAG_NAME_CLOSE,1,>");
    assertThat(tokens("no quote here", Html5Context.VALUE_DOUBLE_QUOTE)).containsExactly(
        "ATTR_VALUE,13,no quote here");
  }

  @Test
  void cdataIsCaseSensitiveAndDoctypeIsNot() {
    assertThat(tokens("<![cdata[x]]>", Html5Context.DATA)).containsExactly("TAG_COMMENT,10,[cdata[x]]");
    assertThat(tokens("<!dOcTyPe x>", Html5Context.DATA)).containsExactly("DOCTYPE,9,dOcTyPe x");
  }
}
