package dev.danvic.hmm.pools.solopool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SolopoolEndpointsTest {
  private final SolopoolEndpoints table = SolopoolEndpoints.defaults();

  private static PoolEndpoint at(String host, int port) {
    return PoolEndpoint.parse(host, port);
  }

  @ParameterizedTest
  @CsvSource({
    "dgb-sha.solopool.org, 3333, DGB",
    "btc.solopool.org, 3334, BTC",
    "bch.solopool.org, 3335, BCH",
    "bc2.solopool.org, 3336, BC2",
    "dgb-sha.solopool.org, 8033, DGB",
    "btc.solopool.org, 8034, BTC",
    "bch.solopool.org, 8035, BCH",
    "bc2.solopool.org, 8036, BC2",
    "eu1.solopool.org, 8001, BC2",
    "us1.solopool.org, 8002, BCH",
    "eu2.solopool.org, 8004, DGB",
    "eu3.solopool.org, 8005, BTC",
    "BTC.SoloPool.ORG, 3334, BTC"
  })
  void defaultTableKnowsThePublishedHostsAndPorts(String host, int port, Coin coin) {
    assertThat(table.coinAt(at(host, port))).contains(coin);
  }

  @Test
  void defaultTableHasEveryCoinHostTwiceAndEveryRegionFourTimes() {
    assertThat(table.entries()).hasSize(4 * 2 + 4 * 4);
    assertThat(table.coinAt(at("btc.solopool.org", 3333))).isEmpty(); // 3333 is DGB's port on its own host
  }

  @ParameterizedTest
  @CsvSource({
    "btc.solopool.org.example.com, 3334",
    "xbtc.solopool.org, 3334",
    "btc-solopool.org, 3334",
    "solopool.org, 3334"
  })
  void hostsAreMatchedWholeNeverAsSubstrings(String host, int port) {
    assertThat(table.coinAt(at(host, port))).isEmpty();
    assertThat(table.coinOfHost(host)).isEmpty();
  }

  @Test
  void aCoinHostNamesItsCoinOnAnyPortWhileARegionalHostDoesNot() {
    assertThat(table.coinOfHost("dgb-sha.solopool.org")).contains(Coin.DGB);
    assertThat(table.coinOfHost("bc2.solopool.org")).contains(Coin.BC2);
    assertThat(table.coinOfHost("eu1.solopool.org")).isEmpty();
  }

  @Test
  void everyDefaultPortNamesOneCoin() {
    assertThat(table.coinOfPort(8005)).contains(Coin.BTC);
    assertThat(table.coinOfPort(3336)).contains(Coin.BC2);
    assertThat(table.coinOfPort(9999)).isEmpty();
  }

  @Test
  void defaultApiOriginsAndAmountUnits() {
    assertThat(table.apiOrigin(Coin.BTC)).contains("https://btc.solopool.org");
    assertThat(table.apiOrigin(Coin.BCH)).contains("https://bch.solopool.org");
    assertThat(table.apiOrigin(Coin.DGB)).contains("https://dgb-sha.solopool.org");
    assertThat(table.apiOrigin(Coin.BC2)).contains("https://bc2.solopool.org");
    assertThat(table.amountDecimals(Coin.DGB)).hasValue(9);
    assertThat(table.amountDecimals(Coin.BTC)).isEmpty();
  }

  @Test
  void aUserExtendsTheTableWithoutChangingTheDefaults() {
    SolopoolEndpoints mine =
        SolopoolEndpoints.defaults().toBuilder()
            .add("Asia1.Solopool.org", 8005, Coin.BTC)
            .add("eu1.solopool.org", 8001, Coin.BCH) // a correction replaces the entry
            .amountDecimals(Coin.BTC, 8)
            .apiOrigin(Coin.BCH, "https://bch-mirror.example.net/")
            .build();

    assertThat(mine.coinAt(at("asia1.solopool.org", 8005))).contains(Coin.BTC);
    assertThat(mine.coinAt(at("eu1.solopool.org", 8001))).contains(Coin.BCH);
    assertThat(mine.amountDecimals(Coin.BTC)).hasValue(8);
    assertThat(mine.apiOrigin(Coin.BCH)).contains("https://bch-mirror.example.net");
    assertThat(table.coinAt(at("asia1.solopool.org", 8005))).isEmpty();
    assertThat(table.coinAt(at("eu1.solopool.org", 8001))).contains(Coin.BC2);
    assertThat(table).isEqualTo(SolopoolEndpoints.defaults());
    assertThat(mine).isNotEqualTo(table);
  }

  @Test
  void removingAnEntryForgetsIt() {
    SolopoolEndpoints mine = table.toBuilder().remove("eu1.solopool.org", 8001).build();

    assertThat(mine.coinAt(at("eu1.solopool.org", 8001))).isEmpty();
    assertThat(mine.entries()).hasSize(table.entries().size() - 1);
  }

  @Test
  void badEntriesAreRefusedWithAClearMessage() {
    SolopoolEndpoints.Builder b = SolopoolEndpoints.builder();
    assertThatThrownBy(() -> b.add("btc.solopool.org", 0, Coin.BTC))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> b.add("not a host", 3334, Coin.BTC))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageContaining("not a valid host name");
    assertThatThrownBy(() -> b.apiOrigin(Coin.BTC, "ftp://btc.solopool.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("API origin for BTC");
    assertThatThrownBy(() -> b.apiOrigin(Coin.BTC, "https://user:hunter2@btc.solopool.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> b.amountDecimals(Coin.BTC, 19))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 18");
  }

  @Test
  void anEmptyTableKnowsNothing() {
    SolopoolEndpoints empty = SolopoolEndpoints.builder().build();
    assertThat(empty.entries()).isEmpty();
    assertThat(empty.apiOrigin(Coin.BTC)).isEmpty();
    assertThat(empty.knowsHost("btc.solopool.org")).isFalse();
  }
}
