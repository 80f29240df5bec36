package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Variable;
import java.util.stream.IntStream;
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
    removed.add(new TargetRemoval(ARGS, new int[] {942100}));
    removed.add(new TargetRemoval(FILENAME, new int[] {941100, 942100}));

    assertThat(removed.isEmpty()).isFalse();
    assertThat(removed.of(942100)).containsExactly(ARGS, FILENAME);
    assertThat(removed.of(941100)).containsExactly(FILENAME);
    assertThat(removed.of(942101)).isNull();
  }

  @Test
  void aRemovalAnswersForEveryRuleItNamesAndNoOther() {
    RemovedTargets removed = new RemovedTargets();
    removed.add(new TargetRemoval(ARGS, IntStream.range(941000, 941500).filter(id -> id % 3 != 0).toArray()));

    for (int id = 940990; id < 941510; id++) {
      boolean named = id >= 941000 && id < 941500 && id % 3 != 0;
      assertThat(removed.of(id)).as("rule %d", id).isEqualTo(named ? java.util.List.of(ARGS) : null);
    }
  }

  @Test
  void theSameRemovalTwiceIsKeptOnce() {
    RemovedTargets removed = new RemovedTargets();
    TargetRemoval removal = new TargetRemoval(FILENAME, new int[] {941120, 941100, 941100});
    removed.add(removal);
    removed.add(removal);

    assertThat(removed.of(941100)).containsExactly(FILENAME);
    assertThat(removed.of(941120)).containsExactly(FILENAME);
  }

  @Test
  void aRemovalNamesAtLeastOneRule() {
    assertThatThrownBy(() -> new TargetRemoval(ARGS, new int[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
