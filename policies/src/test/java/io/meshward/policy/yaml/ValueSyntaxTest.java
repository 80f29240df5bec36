package io.meshward.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The syntax of names, addresses and other values, as the readers check them. */
class ValueSyntaxTest {

  @Nested
  class KubernetesNames {
    @ParameterizedTest
    @ValueSource(strings = {"a", "shop", "payments-api", "a1", "0", "x-0-y"})
    void validLabels(String name) {
      assertThat(Names.isDnsLabel(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "A", "a_b", "a.b", "ü"})
    void invalidLabels(String name) {
      assertThat(Names.isDnsLabel(name)).isFalse();
    }

    @Test
    void labelsHaveAtMost63Characters() {
      assertThat(Names.isDnsLabel("a".repeat(63))).isTrue();
      assertThat(Names.isDnsLabel("a".repeat(64))).isFalse();
    }

    @Test
    void subdomainsAreDotSeparatedLabelsOfAtMost253Characters() {
      assertThat(Names.isDnsSubdomain("payments.v2.shop")).isTrue();
      assertThat(Names.isDnsSubdomain("a..b")).isFalse();
      assertThat(Names.isDnsSubdomain(".a")).isFalse();
      assertThat(Names.isDnsSubdomain(("a".repeat(49) + ".").repeat(5) + "abc")).isTrue();
      assertThat(Names.isDnsSubdomain(("a".repeat(49) + ".").repeat(5) + "abcd")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "app.kubernetes.io/name", "example.com/a_b.c-d", "A1"})
    void validLabelKeys(String key) {
      assertThat(Names.labelKey(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/app", "Example.com/app", "example.com/", "a/b/c", "_app", "app_"})
    void invalidLabelKeys(String key) {
      assertThatThrownBy(() -> Names.labelKey(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelValuesMayBeEmpty() {
      assertThat(Names.labelValue("")).isEmpty();
      assertThat(Names.labelValue("v1.2_rc-3")).isEqualTo("v1.2_rc-3");
      assertThatThrownBy(() -> Names.labelValue("a b")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Names.labelValue("x".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class HostAndPort {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9191", "localhost:80", "waf-filter.meshward.svc:443", "[::1]:9191",
        "[2001:db8::1]:65535", "Host.Example:1"})
    void accepted(String address) {
      assertThat(HostPorts.check(address)).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "waf-filter | expected host:port, such as 127.0.0.1:9191",
        "::1:9191 | write an IPv6 address in brackets, such as [::1]:9191",
        "[::1] | expected host:port",
        "[::g]:80 | the part in brackets must be an IPv6 address",
        "256.0.0.1:80 | \"256.0.0.1\" is not a valid IPv4 address",
        "-bad-.example:80 | \"-bad-.example\" is not a valid host name",
        ":80 | \"\" is not a valid host name",
        "host:0 | the port must be a number 1-65535",
        "host:65536 | the port must be a number 1-65535",
        "host: | the port must be a number 1-65535",
        "host:http | the port must be a number 1-65535",
    })
    void rejectedWithTheReason(String address, String reason) {
      assertThatThrownBy(() -> HostPorts.check(address))
          .hasMessage("invalid address " + Quote.value(address) + ": " + reason);
    }
  }

  @Nested
  class IpAddressLiterals {
    @Test
    void ipv4IsStrictDottedDecimal() {
      assertThat(IpAddresses.parseV4("192.168.0.1")).isPresent();
      assertThat(IpAddresses.parseV4("192.168.0.01")).isEmpty();
      assertThat(IpAddresses.parseV4("192.168.0")).isEmpty();
      assertThat(IpAddresses.parseV4("192.168.0.1.")).isEmpty();
      assertThat(IpAddresses.parseV4("1.2.3.-4")).isEmpty();
      assertThat(IpAddresses.parseV4("١.٢.٣.٤")).isEmpty();
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
        "::, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::ffff:192.0.2.1, ::ffff:c000:201",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    })
    void ipv6IsWrittenInTheRfc5952Form(String text, String canonical) {
      Optional<byte[]> parsed = IpAddresses.parseV6(text);

      assertThat(parsed).isPresent();
      assertThat(IpAddresses.format(parsed.get())).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::", "::1.2.3",
        "1.2.3.4::", "fe80::1%eth0", "1:2:3:4:5:6:7", ":1::", "1::2:"})
    void malformedIpv6IsRejected(String text) {
      assertThat(IpAddresses.parseV6(text)).isEmpty();
    }
  }
}
