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

  @Test
  void theInPlaceCheckAgreesWithTheStringLookup() {
    // isPrefixOf reads a region of the input without folding it; it must answer as prefixOf on the folded text.
    java.util.List<String> probes = new java.util.ArrayList<>();
    for (String name : new String[] {"error", "load", "loadend", "mouseover", "forminput", "click", "x", "lo"}) {
      probes.add(name);
      probes.add(name.toUpperCase(java.util.Locale.ROOT));
      probes.add(name + "x");
      probes.add(name.substring(0, name.length() - 1));
      probes.add("\0" + name);
      probes.add(name.charAt(0) + "\0\0" + name.substring(1) + "=");
      probes.add(name.replace('o', '\u00f6'));
    }
    probes.add("");
    probes.add("\0\0");
    probes.add("a".repeat(200));
    int hits = 0;
    for (String probe : probes) {
      String framed = "<on" + probe + ">";
      boolean expected = EVENTS.prefixOf(Ascii.lowerWithoutNuls(probe)) != null;
      assertThat(EVENTS.isPrefixOf(framed, 3, 3 + probe.length())).as("<%s>", probe).isEqualTo(expected);
      hits += expected ? 1 : 0;
    }
    assertThat(hits).as("probes that are event handlers").isGreaterThan(10).isLessThan(probes.size());
  }
}
