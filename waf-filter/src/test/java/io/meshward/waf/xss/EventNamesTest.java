package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled event-name list and its begins-with lookup. */
class EventNamesTest {
  private static final EventNames EVENTS = EventNames.load();

  @Test
  void theBundledListHoldsAboutAsManyNamesAsUpstream() {
    assertThat(EVENTS.size()).isBetween(250, 350);
    assertThat(EVENTS.contains("error")).isTrue();
    assertThat(EVENTS.contains("forminput")).isTrue(); // required by the corpus
  }

  @Test
  void namesThatTheReferenceDoesNotFlagAreNotMatched() {
    // From data-samples-results.tsv: these on... attributes are not event handlers in the reference.
    for (String suffix : new String[] {"ecms_users", "ewsaction", "fire's", "thec5_main.users"}) {
      assertThat(EVENTS.prefixOf(suffix)).as(suffix).isNull();
    }
  }

  @Test
  void lookupIsByPrefixAndReturnsTheShortestMatch() {
    EventNames events = EventNames.of(Set.of("load", "loadend"));
    assertThat(events.prefixOf("loadendx")).isEqualTo("load");
    assertThat(events.prefixOf("loa")).isNull();
    assertThat(events.prefixOf("")).isNull();
  }
}
