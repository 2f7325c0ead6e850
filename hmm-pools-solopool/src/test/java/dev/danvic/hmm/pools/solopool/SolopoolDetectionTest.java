package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.solopool.TestPools.BTC;
import static dev.danvic.hmm.pools.solopool.TestPools.NOW;
import static dev.danvic.hmm.pools.solopool.TestPools.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SolopoolDetectionTest {
  private final SolopoolIntegration plugin = new SolopoolIntegration();

  private boolean detect(PoolEndpoint e, ScriptedPoolContext ctx) throws Exception {
    return plugin.detect(e, ctx).get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @CsvSource({
    "btc.solopool.org:3334",
    "stratum+tcp://dgb-sha.solopool.org:3333",
    "stratum+ssl://bch.solopool.org:8035",
    "stratum+tcp://worker.1:x@bc2.solopool.org:8036/path",
    "eu1.solopool.org:8004",
    "us1.solopool.org:8005"
  })
  void knownHostAndPortIsAMatchWithoutTraffic(String url) throws Exception {
    PoolEndpoint e = PoolEndpoint.parse(url, null);
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);

    assertThat(plugin.detectOffline(e)).isEqualTo(OfflineVerdict.MATCH);
    assertThat(detect(e, ctx)).isTrue();
    assertThat(ctx.requestedUrls()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "stratum.braiins.com, 3333",
    "btc.solopool.org.evil.example, 3334",
    "mysolopool.org, 3334",
    "127.0.0.1, 3334"
  })
  void hostsOutsideSolopoolAreNoMatchWithoutTraffic(String host, int port) throws Exception {
    PoolEndpoint e = PoolEndpoint.parse(host, port);
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);

    assertThat(plugin.detectOffline(e)).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(detect(e, ctx)).isFalse();
    assertThat(ctx.requestedUrls()).isEmpty();
  }

  @Test
  void anUnknownPortOnACoinHostIsProbedAtThatCoinsApi() throws Exception {
    PoolEndpoint e = PoolEndpoint.parse("btc.solopool.org", 9999);
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(BTC + "/api/stats", fixture("stats-btc.json"));

    assertThat(plugin.detectOffline(e)).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(detect(e, ctx)).isTrue();
    assertThat(ctx.requestedUrls()).containsExactly(BTC + "/api/stats");
  }

  @Test
  void aNewRegionalHostOnAKnownPortIsProbedAtThePortsCoin() throws Exception {
    PoolEndpoint e = PoolEndpoint.parse("asia1.solopool.org", 8005);
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(BTC + "/api/stats", fixture("stats-btc.json"));

    assertThat(plugin.detectOffline(e)).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(detect(e, ctx)).isTrue();
  }

  @Test
  void aProbeThatFailsOrAnswersSomethingElseIsNoDetection() throws Exception {
    PoolEndpoint e = PoolEndpoint.parse("btc.solopool.org", 9999);

    assertThat(detect(e, ScriptedPoolContext.at(NOW).status(BTC + "/api/stats", 404))).isFalse();
    assertThat(detect(e, ScriptedPoolContext.at(NOW).json(BTC + "/api/stats", "[1,2]"))).isFalse();
    assertThat(detect(e, ScriptedPoolContext.at(NOW).respond(BTC + "/api/stats", 200, "text/html", "<html/>")))
        .isFalse();
    assertThat(detect(e, ScriptedPoolContext.at(NOW))).isFalse(); // connection refused
  }

  @Test
  void aSolopoolHostWhoseCoinCannotBeToldIsNotProbed() throws Exception {
    PoolEndpoint e = PoolEndpoint.parse("eu1.solopool.org", 9999);
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);

    assertThat(plugin.detectOffline(e)).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(detect(e, ctx)).isFalse();
    assertThat(ctx.requestedUrls()).isEmpty();
  }

  @Test
  void aUsersTableEntryIsAMatchEvenOutsideTheDomain() throws Exception {
    SolopoolIntegration mine =
        SolopoolIntegration.withEndpoints(
            SolopoolEndpoints.defaults().toBuilder().add("solo-proxy.lan", 3334, Coin.BTC).build());
    PoolEndpoint e = PoolEndpoint.parse("solo-proxy.lan", 3334);

    assertThat(mine.detectOffline(e)).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detectOffline(e)).isEqualTo(OfflineVerdict.NO_MATCH);
  }
}
