package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsToTheWidestCellWithoutTrailingSpaces() {
    String table = new Table("NAME", "MODE", "NOTE")
        .row("payments", "ENFORCE", "")
        .row("a", "LEARN", "first\nsecond")
        .render();

    assertThat(table).isEqualTo("""
        NAME      MODE     NOTE
        payments  ENFORCE  -
        a         LEARN    first second
        """);
  }

  @Test
  void anEmptyTableIsItsHeader() {
    assertThat(new Table("A", "B").render()).isEqualTo("A  B\n");
  }

  @Test
  void everyRowHasEveryColumn() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
  }
}
