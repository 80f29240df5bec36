package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemovedTargetsTest {
  private static final VariableSelector ARGS = VariableSelector.of(Variable.ARGS);
  private static final VariableSelector FILENAME = VariableSelector.of(Variable.REQUEST_FILENAME);

  @Test
  void nothingIsRemovedUntilACtlRemovesIt() {
    RemovedTargets removed = new RemovedTargets();

    assertThat(removed.isEmpty()).isTrue();
    assertThat(removed.of(942100)).isNull();
  }

  @Test
  void targetsAccumulatePerRuleInTheOrderRemoved() {
    RemovedTargets removed = new RemovedTargets();
    removed.add(942100, ARGS);
    removed.add(942100, FILENAME);
    removed.add(941100, FILENAME);

    assertThat(removed.of(942100)).containsExactly(ARGS, FILENAME);
    assertThat(removed.of(941100)).containsExactly(FILENAME);
    assertThat(removed.of(942101)).isNull();
  }

  @Test
  void manyRulesKeepTheirOwnTargetsAcrossGrowth() {
    RemovedTargets removed = new RemovedTargets();
    for (int id = 941000; id < 941500; id++) {
      removed.add(id, id % 2 == 0 ? ARGS : FILENAME);
    }

    for (int id = 941000; id < 941500; id++) {
      assertThat(removed.of(id)).as("rule %d", id).isEqualTo(List.of(id % 2 == 0 ? ARGS : FILENAME));
    }
    assertThat(removed.of(941500)).isNull();
    assertThat(removed.of(-941000)).isNull();
  }

  @Test
  void ruleIdZeroIsNeverATarget() {
    RemovedTargets removed = new RemovedTargets();
    removed.add(0, ARGS);

    assertThat(removed.isEmpty()).isTrue();
    assertThat(removed.of(0)).isNull();
  }
}
