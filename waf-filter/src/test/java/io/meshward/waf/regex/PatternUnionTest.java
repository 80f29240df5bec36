package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PatternUnionTest {

  private static List<SafeRegex> compile(String... patterns) throws RegexSyntaxException {
    List<SafeRegex> compiled = new ArrayList<>();
    for (String pattern : patterns) {
      compiled.add(SafeRegex.compile(pattern));
    }
    return compiled;
  }

  @Test
  void saysNoOnlyWhenNoMemberCanMatch() throws Exception {
    PatternUnion union = PatternUnion.of(compile("(?i)union\\s+select", "^admin$", "x[0-9]+y", "\\bon[a-z]+="));

    assertThat(union.members()).isEqualTo(4);
    assertThat(union.mayMatch("category=garden&page=2")).isFalse();
    assertThat(union.mayMatch("")).isFalse();
    assertThat(union.mayMatch("1 UNION  SELECT pw")).isTrue();
    assertThat(union.mayMatch("admin")).isTrue();
    assertThat(union.mayMatch("the admin")).as("^ and $ keep their meaning inside the union").isFalse();
    assertThat(union.mayMatch("ax12yb")).isTrue();
    assertThat(union.mayMatch("<img onerror=x>")).isTrue();
  }

  @Test
  void eachMemberKeepsItsOwnFlags() throws Exception {
    PatternUnion union = PatternUnion.of(compile("(?i)select", "FROM"));

    assertThat(union.mayMatch("SeLeCt")).isTrue();
    assertThat(union.mayMatch("from")).as("the second member is case-sensitive").isFalse();
  }

  @Test
  void neverSaysNoWhereAMemberMatches() throws Exception {
    List<SafeRegex> members = compile("(?:^|[/;\\\\])\\.{2,3}[/;\\\\]", "(?i)<script[^>]*>", "[\\n\\r]",
        "(?i)\\b(?:s(?:leep|elect)|benchmark)\\s*\\(", "\\$\\{[^}]{0,15}\\}", "^[^:]+:[0-9]+$", "a{3,5}b");
    PatternUnion union = PatternUnion.of(members);
    Random random = new Random(42);
    String alphabet = "ab/.;\\<>script SELECT(){}$:0123456789\n\rsleep";
    int matching = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder input = new StringBuilder();
      int length = random.nextInt(24);
      for (int j = 0; j < length; j++) {
        input.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = input.toString();
      boolean anyMember = false;
      for (SafeRegex member : members) {
        anyMember |= member.find(value) == SafeRegex.Outcome.MATCH;
      }
      if (anyMember) {
        matching++;
        assertThat(union.mayMatch(value)).as("a member matches %s", value).isTrue();
      }
    }
    assertThat(matching).as("the inputs exercise the members").isGreaterThan(1_000);
  }

  @Test
  void oneMemberIsThatMembersOwnAutomaton() throws Exception {
    PatternUnion union = PatternUnion.of(compile("abc"));

    assertThat(union.mayMatch("xxabcxx")).isTrue();
    assertThat(union.mayMatch("xxabxcx")).isFalse();
  }

  @Test
  void anEmptyUnionIsAMistake() {
    assertThatThrownBy(() -> PatternUnion.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
