package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** pool_id on servers hosting several pools: the only pool when absent, a listed error otherwise. */
class HostedPoolsTest {
  private static final String SERVER = "this server";

  @Test
  void theConfiguredIdOrTheOnlyPool() {
    assertThat(HostedPools.choose("bch1", List.of("btc1", "bch1"), SERVER)).isEqualTo("bch1");
    assertThat(HostedPools.choose(null, List.of("btc1"), SERVER)).isEqualTo("btc1");
    PoolConfig config =
        PoolConfig.builder().poolType("miningcore").url("127.0.0.1").port(3032).config("pool_id", "  btc1 ").build();
    assertThat(HostedPools.configured(config)).isEqualTo("btc1");
    assertThat(HostedPools.configured(config.toBuilder().config("pool_id", " ").build())).isNull();
  }

  @Test
  void severalOrNoneOrAWrongIdIsAClearErrorNamingTheKey() {
    assertThatThrownBy(() -> HostedPools.choose(null, List.of("btc1", "bch1"), SERVER))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessage("pool_id: not set, and this server hosts 2 pools: btc1, bch1; set pool_id to one of them");
    assertThatThrownBy(() -> HostedPools.choose(null, List.of(), SERVER)).hasMessage("pool_id: this server hosts no pool");
    assertThatThrownBy(() -> HostedPools.choose("ltc1", List.of("btc1"), SERVER))
        .hasMessage("pool_id: this server has no pool 'ltc1'; it hosts btc1");
  }

  @Test
  void aLongListIsCut() {
    List<String> ids = IntStream.range(0, 50).mapToObj(i -> "p" + i).toList();
    assertThatThrownBy(() -> HostedPools.choose(null, ids, SERVER)).hasMessageContaining("p19, … (50 in all)");
  }
}
