package dev.danvic.hmm.pools.braiins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BraiinsDetectionTest {
  private final BraiinsIntegration plugin = new BraiinsIntegration();

  @Test
  void describesItselfAsTheSeedSays() {
    assertThat(plugin.poolType()).isEqualTo("braiins");
    assertThat(plugin.displayName()).isEqualTo("Braiins Pool");
    assertThat(plugin.documentationUrl().getScheme()).isEqualTo("https");
    assertThat(plugin.documentationUrl().getHost()).isEqualTo("academy.braiins.com");
    assertThat(plugin.supportedCoins()).containsExactly("BTC");
    assertThat(plugin.requiresApiKey()).isTrue();
    assertThat(plugin.supportsEarnings()).isTrue();
    assertThat(plugin.supportsBalance()).isTrue();
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(BasePoolIntegration.class).stream())
        .anyMatch(p -> p.type() == BraiinsIntegration.class);
  }

  @Test
  void refusesAConfigurationWithoutToken() {
    PoolConfig noToken = BraiinsFixtures.pool().toBuilder().apiKey(null).build();
    assertThatThrownBy(() -> plugin.validate(noToken))
        .isInstanceOfSatisfying(
            InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("api_key"));
  }

  @ParameterizedTest
  @CsvSource({
    "stratum.braiins.com, 3333",
    "stratum+tcp://eu.stratum.braiins.com:3333, 3333",
    "stratum+ssl://us-east.stratum.braiins.com:443, 443",
    "ASIA.STRATUM.BRAIINS.COM, 3333",
    "stratum2+tcp://v2.stratum.braiins.com:3336, 3336",
    "pool.braiins.com, 443",
    "stratum.slushpool.com, 3333",
    "slushpool.com, 3333",
    "braiins.com., 3333"
  })
  void matchesBraiinsAndSlushPoolHosts(String url, int port) {
    PoolEndpoint endpoint = PoolEndpoint.parse(url, port);
    assertThat(plugin.detectOffline(endpoint)).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detect(endpoint, BraiinsFixtures.context()).join()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "solo.stratum.braiins.com, 3333",
    "stratum+tcp://solo.stratum.braiins.com:3333, 3333",
    "SOLO.STRATUM.BRAIINS.COM:443, 443",
    "eu.solo.stratum.braiins.com, 3333",
    "btc.solopool.org, 3334",
    "solo.ckpool.org, 3333",
    "127.0.0.1, 4004",
    "notslush.example, 3333",
    // whole host names, never substrings
    "mybraiins.lan, 3333",
    "my-braiins-proxy.lan, 3333",
    "braiins.example.org, 3333",
    "oldslushpoolmirror.example, 3333",
    "notbraiins.com, 3333",
    "stratum.braiins.com.attacker.net, 3333"
  })
  void neverMatchesBraiinsSoloOrOtherPools(String url, int port) {
    PoolEndpoint endpoint = PoolEndpoint.parse(url, port);
    assertThat(plugin.detectOffline(endpoint)).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detect(endpoint, BraiinsFixtures.context()).join()).isFalse();
  }

  @Test
  void detectionSendsNothing() {
    ScriptedPoolContext ctx = BraiinsFixtures.context();
    plugin.detect(PoolEndpoint.parse("stratum.braiins.com", 3333), ctx).join();
    plugin.detect(PoolEndpoint.parse("solo.stratum.braiins.com", 3333), ctx).join();
    plugin.detect(PoolEndpoint.parse("10.0.0.7", 3333), ctx).join();
    assertThat(ctx.requests()).isEmpty();
  }
}
