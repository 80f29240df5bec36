package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.macros.MacroString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code @ipMatch} / {@code @ipMatchFromFile}: addresses and CIDR networks, IPv4 and IPv6. */
class IpMatchTest {
  private final FakeContext tx = FakeContext.plain();

  @Test
  void matchesListedHostsAsCrsUsesIt() {
    Operator localhost = op("ipMatch", "127.0.0.1,::1");
    assertThat(localhost.matches(tx, "127.0.0.1")).isTrue();
    assertThat(localhost.matches(tx, "::1")).isTrue();
    assertThat(localhost.matches(tx, "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(localhost.matches(tx, "127.0.0.2")).isFalse();
    assertThat(localhost.matches(tx, "::2")).isFalse();
  }

  @Test
  void matchesCidrNetworks() {
    Operator networks = op("ipMatch", "192.168.0.0/16, 10.0.0.0/8 ,172.16.0.0/12,2001:db8::/32");
    assertThat(networks.matches(tx, "192.168.255.1")).isTrue();
    assertThat(networks.matches(tx, "192.169.0.1")).isFalse();
    assertThat(networks.matches(tx, "10.200.3.4")).isTrue();
    assertThat(networks.matches(tx, "172.31.255.255")).isTrue();
    assertThat(networks.matches(tx, "172.32.0.0")).isFalse();
    assertThat(networks.matches(tx, "2001:db8:1234::5")).isTrue();
    assertThat(networks.matches(tx, "2001:db9::5")).isFalse();
    assertThat(op("ipMatch", "0.0.0.0/0").matches(tx, "8.8.8.8")).isTrue();
    assertThat(op("ipMatch", "192.168.1.77/24").matches(tx, "192.168.1.1")).isTrue(); // host bits ignored
    assertThat(op("ipMatch", "fe80::1:2:3:4/64").matches(tx, "fe80::9")).isTrue();
    assertThat(op("ipMatch", "2001:db8::/127").matches(tx, "2001:db8::1")).isTrue();
    assertThat(op("ipMatch", "2001:db8::/127").matches(tx, "2001:db8::2")).isFalse();
  }

  @Test
  void ipv4MappedIpv6AddressesAreTheirIpv4Address() {
    assertThat(op("ipMatch", "10.0.0.0/8").matches(tx, "::ffff:10.1.2.3")).isTrue();
    assertThat(op("ipMatch", "::ffff:10.0.0.1").matches(tx, "10.0.0.1")).isTrue();
    assertThat(op("ipMatch", "::ffff:10.0.0.0/104").matches(tx, "10.9.9.9")).isTrue();
  }

  @Test
  void inputsThatAreNotAddressesDoNotMatch() {
    Operator any = op("ipMatch", "0.0.0.0/0,::/0");
    assertThat(any.matches(tx, "1.2.3.4")).isTrue();
    assertThat(any.matches(tx, "::")).isTrue();
    assertThat(any.matches(tx, "")).isFalse();
    assertThat(any.matches(tx, "localhost")).isFalse(); // never resolved
    assertThat(any.matches(tx, " 1.2.3.4")).isFalse();
    assertThat(any.matches(tx, "1.2.3")).isFalse();
    assertThat(any.matches(tx, "1.2.3.256")).isFalse();
    assertThat(any.matches(tx, "01.2.3.4")).isFalse(); // leading zeros are rejected, as by Go
    assertThat(any.matches(tx, "1:2:3:4:5:6:7:8:9")).isFalse();
    assertThat(any.matches(tx, "1::2::3")).isFalse();
    assertThat(any.matches(tx, "fe80::1%eth0")).isFalse(); // zones are rejected
    assertThat(any.matches(tx, "12345::")).isFalse();
  }

  @Test
  void anUnparsableEntryFailsTheRuleInsteadOfSilentlyShrinkingTheList() {
    for (String bad : List.of("not-an-ip", "1.2.3.4/33", "300.1.1.1", "10.0.0.0/0x", "2001:db8::/129")) {
      assertThatThrownBy(() -> Operators.create("ipMatch", MacroString.constant("5.6.7.8," + bad), Ops.noFiles()))
          .as(bad)
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("'" + bad + "' is not an IP address or network");
    }
    assertThat(((IpMatch) op("ipMatch", "5.6.7.8, 10.0.0.0/8")).networkCount()).isEqualTo(2);
  }

  @Test
  void ipMatchFromFileReadsOneEntryPerLine() {
    Map<String, List<String>> files =
        Map.of("blocked.txt", List.of("# office", "203.0.113.0/24", "", "  2001:db8:bad::/48  "));
    Operator blocked = op("ipMatchFromFile", "blocked.txt", files);
    assertThat(blocked.matches(tx, "203.0.113.9")).isTrue();
    assertThat(blocked.matches(tx, "2001:db8:bad:1::1")).isTrue();
    assertThat(blocked.matches(tx, "203.0.114.9")).isFalse();
    assertThat(op("ipMatchF", "blocked.txt", files).matches(tx, "203.0.113.200")).isTrue();
    assertThatThrownBy(() -> Operators.create("ipMatchFromFile", MacroString.constant("nope.txt"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class);
  }
}
