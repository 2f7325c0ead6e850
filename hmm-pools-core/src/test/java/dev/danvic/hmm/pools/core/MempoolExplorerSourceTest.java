package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.apiFailureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static dev.danvic.hmm.pools.core.TransportTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolApiException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The explorer source against a loopback server answering as a self-hosted mempool does. */
class MempoolExplorerSourceTest extends LoopbackSourceFixture {
  /** mempool's /api/v1/mining/hashrate/3d, trimmed: H/s and plain difficulty. */
  static final String HASHRATE_3D =
      """
      {"hashrates":[{"timestamp":1764460800,"avgHashrate":9.1e20}],\
      "difficulty":[{"time":1764000000,"height":931392,"difficulty":141668107417558.2,"adjustment":1.0123}],\
      "currentHashrate":9.345129552133705E20,"currentDifficulty":141668107417558.2}""";



  @Test
  void readsTheCurrentDifficultyAndHashRateOfTheMiningStatistics() throws Exception {
    server.enqueue(json(200, HASHRATE_3D));
    MempoolExplorerSource explorer = MempoolExplorerSource.of(server.url("/mempool/").toString());

    NetworkFigures f = explorer.fetch("BTC", ctx()).get(20, TimeUnit.SECONDS);

    assertThat(f.difficulty()).isEqualTo(141668107417558.2);
    assertThat(f.networkHashrate()).isEqualTo(9.345129552133705E20);
    assertThat(f.source()).isEqualTo("explorer");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/mempool/api/v1/mining/hashrate/3d");
  }

  @Test
  void withMiningStatisticsTurnedOffItReadsTheNewestBlock() throws Exception {
    server.enqueue(status(404));
    server.enqueue(json(200, "[{\"id\":\"00000000000000000001\",\"height\":933586,\"difficulty\":1.4e14,\"timestamp\":1764460800},"
        + "{\"id\":\"00000000000000000002\",\"height\":933585,\"difficulty\":1.3e14}]"));
    MempoolExplorerSource explorer = MempoolExplorerSource.of(server.url("/").toString());

    NetworkFigures f = explorer.fetch("BTC", ctx()).get(20, TimeUnit.SECONDS);

    assertThat(f.difficulty()).isEqualTo(1.4e14);
    assertThat(f.networkHashrate()).isNull();
    server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/api/v1/blocks");
  }

  @Test
  void anAnswerWithoutADifficultyOrAServerErrorIsAClearFailure() throws Exception {
    server.enqueue(json(200, "{\"hashrates\":[]}"));
    MempoolExplorerSource explorer = MempoolExplorerSource.of(server.url("/").toString());
    PoolApiException e = apiFailureOf(explorer.fetch("BTC", ctx()));
    assertThat(e.kind()).isEqualTo(PoolApiException.Kind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("expected currentDifficulty from");

    server.enqueue(status(503));
    assertThat(apiFailureOf(explorer.fetch("BTC", ctx())).getMessage()).startsWith("HTTP 503");
  }

  @Test
  void itGivesBitcoinsFiguresOnlyAndSaysSoForAnotherCoin() {
    MempoolExplorerSource explorer = MempoolExplorerSource.of(server.url("/").toString());
    assertThat(TransportTestSupport.failureOf(explorer.fetch("BCH", ctx())))
        .hasMessage("a mempool explorer gives Bitcoin's figures, not BCH's; use a node or the sibling pools");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aBadBaseUrlIsRefusedNamingTheField() {
    assertThatThrownBy(() -> MempoolExplorerSource.of("mempool.local"))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageContaining("explorer_url");
    assertThatThrownBy(() -> MempoolExplorerSource.of("http://127.0.0.1:3006/?x=1"))
        .isInstanceOf(InvalidPoolConfigException.class);
    assertThat(MempoolExplorerSource.of("http://127.0.0.1:3006/").baseUrl()).isEqualTo("http://127.0.0.1:3006");
  }
}
