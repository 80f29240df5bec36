package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntTableTest {
  @Test
  void anEmptyTableHoldsNothing() {
    IntTable<String> table = new IntTable<>();
    assertThat(table.get(0)).isNull();
    assertThat(table.get(12345)).isNull();
  }

  @Test
  void keepsTheLastValuePutForAKey() {
    IntTable<String> table = new IntTable<>();
    table.put(0, "zero");
    table.put(7, "seven");
    table.put(7, "SEVEN");
    assertThat(table.get(0)).isEqualTo("zero");
    assertThat(table.get(7)).isEqualTo("SEVEN");
    assertThat(table.get(15)).isNull(); // same place as 7 in a table of eight
  }

  @Test
  void agreesWithAMapOverManyKeysAcrossGrowth() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      IntTable<Integer> table = new IntTable<>();
      Map<Integer, Integer> expected = new HashMap<>();
      int keys = 1 + random.nextInt(300);
      int range = 1 + random.nextInt(1000);
      for (int i = 0; i < keys; i++) {
        int key = random.nextInt(range);
        table.put(key, i);
        expected.put(key, i);
      }
      for (int key = 0; key <= range; key++) {
        assertThat(table.get(key)).as("key %d in round %d", key, round).isEqualTo(expected.get(key));
      }
    }
  }
}
