package io.meshward.waf.seclang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecLangParserTest {
  @Test
  void directivesSpanContinuedLinesAndKeepTheLineTheyStartOn() throws Exception {
    List<Directive> directives = SecLangParser.parse("rules.conf", """
        # a comment
        SecRuleEngine On

        SecRule ARGS "@rx foo" \\
            "id:1,\\
            phase:2,\\
            pass"
        """);

    assertThat(directives).hasSize(2);
    assertThat(directives.get(0).key()).isEqualTo("secruleengine");
    assertThat(directives.get(0).arguments()).containsExactly("On");
    assertThat(directives.get(1).location()).isEqualTo(new SourceLocation("rules.conf", 4));
    assertThat(directives.get(1).arguments()).containsExactly("ARGS", "@rx foo", "id:1,phase:2,pass");
  }

  @Test
  void quotedArgumentsKeepTheirEscapesRaw() throws Exception {
    Directive rule = SecLangParser.parse("x", "SecRule ARGS \"@rx a\\\"b\\\\\" \"id:1,msg:'x y'\"").get(0);

    assertThat(rule.argument(1)).isEqualTo("@rx a\\\"b\\\\");
    assertThat(rule.argument(2)).isEqualTo("id:1,msg:'x y'");
  }

  @Test
  void anUnterminatedQuoteNamesTheFileAndLine() {
    assertThatThrownBy(() -> SecLangParser.parse("bad.conf", "\n\nSecRule ARGS \"@rx foo"))
        .isInstanceOf(SecLangSyntaxException.class)
        .hasMessageContaining("bad.conf:3")
        .hasMessageContaining("unterminated double quote");
    assertThatThrownBy(() -> SecLangParser.parse("bad.conf", "SecRule ARGS \"@rx foo \"id:1\""))
        .hasMessageContaining("bad.conf:1")
        .hasMessageContaining("continues after its closing quote");
  }

  @Test
  void actionListsSplitOnCommasOutsideQuotes() {
    List<ActionSpec> actions = ActionSpec.parseList(
        "id:1, phase:2 ,msg:'a, b: c',setvar:'tx.x=+%{tx.y}',t:none,t:lowercase,capture");

    assertThat(actions).extracting(ActionSpec::name)
        .containsExactly("id", "phase", "msg", "setvar", "t", "t", "capture");
    assertThat(actions.get(2).value()).isEqualTo("a, b: c");
    assertThat(actions.get(3).value()).isEqualTo("tx.x=+%{tx.y}");
    assertThat(actions.get(6).hasValue()).isFalse();
  }
}
