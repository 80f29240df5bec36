package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoTemplateTest {
  @Test
  void textWithoutActionsIsUnchanged() {
    assertThat(GoTemplate.render("a=1&b={2}")).isEqualTo("a=1&b={2}");
  }

  @Test
  void repeatsAsSprigDoes() {
    assertThat(GoTemplate.render("x={{ \"ab\" | repeat 3 }}!")).isEqualTo("x=ababab!");
    assertThat(GoTemplate.render("{{repeat 2 \"z\"}}")).isEqualTo("zz");
    assertThat(GoTemplate.render("line\n{{ \"1\" | repeat 64200 }}\nend")).hasSize(5 + 64200 + 4);
  }

  @Test
  void supportsTrimMarkersCommentsAndSmallFunctions() {
    assertThat(GoTemplate.render("a  {{- \"b\" -}}  c")).isEqualTo("abc");
    assertThat(GoTemplate.render("a{{/* note */}}b")).isEqualTo("ab");
    assertThat(GoTemplate.render("{{ \"Ab\" | upper }}{{ \"Ab\" | lower }}{{ `r\\n` }}")).isEqualTo("ABabr\\n");
    assertThat(GoTemplate.render("{{ \"hi\" | b64enc }}")).isEqualTo("aGk=");
    assertThat(GoTemplate.render("{{ \"a\\tb\" }}")).isEqualTo("a\tb");
  }

  @Test
  void whatGoCannotParseGivesNoBody() {
    assertThat(GoTemplate.render("{{constructor.constructor('alert(1)')()}}")).isNull();
    assertThat(GoTemplate.render("payload {{ unclosed")).isNull();
    assertThat(GoTemplate.render("{{ }}")).isNull();
    assertThat(GoTemplate.render("{{ repeat \"x\" 2 }}")).as("arguments in the wrong order").isNull();
  }

  @Test
  void aFunctionOutsideTheSubsetIsReportedNotGuessed() {
    assertThatThrownBy(() -> GoTemplate.render("{{ \"x\" | sha256sum }}"))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("sha256sum");
  }
}
