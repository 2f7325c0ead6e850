package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolEndpointTest {

  @ParameterizedTest
  @CsvSource({
    "btc.solopool.org, 3334, btc.solopool.org, 3334",
    "BTC.Solopool.org:3334, , btc.solopool.org, 3334",
    "stratum+tcp://btc.solopool.org:3334, , btc.solopool.org, 3334",
    "stratum+ssl://eu.stratum.braiins.com:443/path, , eu.stratum.braiins.com, 443",
    "stratum+tcp://user.worker:x@btc.solopool.org:3334, , btc.solopool.org, 3334",
    "http://127.0.0.1:4004, 3333, 127.0.0.1, 3333",
    "https://pool.braiins.com, , pool.braiins.com, 443",
    "[::1]:3333, , ::1, 3333"
  })
  void acceptsTheContractForms(String url, Integer port, String host, int expectedPort) {
    PoolEndpoint e = PoolEndpoint.parse(url, port);
    assertThat(e.host()).isEqualTo(host);
    assertThat(e.port()).isEqualTo(expectedPort);
  }

  @Test
  void matchesWholeDomainLabelsOnly() {
    assertThat(PoolEndpoint.parse("btc.solopool.org", 3334).isWithin("solopool.org")).isTrue();
    assertThat(PoolEndpoint.parse("solopool.org", 3334).isWithin("solopool.org")).isTrue();
    assertThat(PoolEndpoint.parse("evilsolopool.org", 3334).isWithin("solopool.org")).isFalse();
    assertThat(PoolEndpoint.parse("solopool.org.evil.com", 3334).isWithin("solopool.org")).isFalse();
  }

  @Test
  void refusesBadInputNamingTheField() {
    assertThatThrownBy(() -> PoolEndpoint.parse("  ", 3333))
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("url"));
    assertThatThrownBy(() -> PoolEndpoint.parse("btc.solopool.org", 70000))
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("port"));
    assertThatThrownBy(() -> PoolEndpoint.parse("btc.solopool.org", null))
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("port"));
    assertThatThrownBy(() -> PoolEndpoint.parse("ftp://btc.solopool.org:21", null))
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.getMessage()).contains("ftp"));
    assertThatThrownBy(() -> PoolEndpoint.parse("bad host!:3333", null))
        .isInstanceOf(InvalidPoolConfigException.class);
  }

  @Test
  void neverEchoesUserInfo() {
    PoolEndpoint e = PoolEndpoint.parse("stratum+tcp://me:hunter2@btc.solopool.org:3334", null);
    assertThat(e.toString()).doesNotContain("hunter2").isEqualTo("stratum+tcp://btc.solopool.org:3334");
    assertThatThrownBy(() -> PoolEndpoint.parse("stra tum://me:hunter2@btc.solopool.org:3334", null))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageNotContaining("hunter2");
  }
}
