package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolRegistryTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final FakeTransport transport = new FakeTransport(clock);

  PoolRegistry.Builder registry(BasePoolIntegration... plugins) {
    PoolRegistry.Builder b = PoolRegistry.builder().transport(transport).clock(clock);
    for (BasePoolIntegration p : plugins) {
      b.register(p);
    }
    return b;
  }

  static PoolConfig pool(String type) {
    return PoolConfig.builder().id("p1").poolType(type).url("pool.example.invalid").port(3333).build();
  }

  @Test
  void aShareOfTheNetworkAbove100PercentFromAnyPluginIsNeverShown() {
    FakePlugin boastful =
        new FakePlugin("solopool")
            .tiles((p, c) -> CompletableFuture.completedFuture(DashboardTileData.builder(c.now()).poolPercentage(250.0).build()));
    FakePlugin honest =
        new FakePlugin("mmfp")
            .tiles((p, c) -> CompletableFuture.completedFuture(DashboardTileData.builder(c.now()).poolPercentage(12.5).build()));
    try (PoolRegistry r = registry(boastful, honest).build()) {
      assertThat(r.poolDashboardData(pool("solopool")).join().poolPercentage()).isNull();
      assertThat(r.poolDashboardData(pool("mmfp")).join().poolPercentage()).isEqualTo(12.5);
    }
  }

  @Test
  void workersComeFromAPluginThatListsThemAndAreEmptyOtherwise() {
    FakePlugin listing = new FakePlugin("solopool") {
      @Override
      public CompletableFuture<List<PoolWorker>> workers(PoolConfig pool, PoolContext context) {
        return CompletableFuture.completedFuture(List.of(new PoolWorker("s21", true, 2e14, context.now())));
      }
    };
    FakePlugin failing = new FakePlugin("mmfp") {
      @Override
      public CompletableFuture<List<PoolWorker>> workers(PoolConfig pool, PoolContext context) {
        return CompletableFuture.failedFuture(new IllegalStateException("HTTP 500"));
      }
    };
    try (PoolRegistry r = registry(listing, failing, new FakePlugin("braiins")).build()) {
      assertThat(r.poolWorkers(pool("solopool")).join().orElseThrow())
          .containsExactly(new PoolWorker("s21", true, 2e14, NOW));
      assertThat(r.poolWorkers(pool("mmfp")).join()).as("a failure is unknown, not an empty list").isEmpty();
      assertThat(r.poolWorkers(pool("braiins")).join()).as("the default: not listed").isEmpty();
    }
  }

  // ------------------------------------------------------------ plugins

  @Test
  void pluginsAreSortedByPoolTypeAndLookedUpByIt() {
    FakePlugin solo = new FakePlugin("solopool");
    FakePlugin braiins = new FakePlugin("braiins");
    FakePlugin mmfp = new FakePlugin("mmfp");
    try (PoolRegistry r = registry(solo, braiins, mmfp).build()) {
      assertThat(r.plugins()).containsExactly(braiins, mmfp, solo);
      assertThat(r.plugin("mmfp")).containsSame(mmfp);
      assertThat(r.plugin("nope")).isEmpty();
      assertThat(r.require("braiins")).isSameAs(braiins);
    }
  }

  @Test
  void requireOfAnUnknownPoolTypeNamesTheFieldAndTheKnownTypes() {
    try (PoolRegistry r =
        registry(new FakePlugin("solopool"), new FakePlugin("braiins"), new FakePlugin("mmfp")).build()) {
      assertThatThrownBy(() -> r.require("x"))
          .isInstanceOfSatisfying(
              InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("pool_type"))
          .hasMessage("pool_type: unknown pool_type 'x'; known: braiins, mmfp, solopool");
    }
  }

  @Test
  void aDuplicatePoolTypeIsRefusedNamingBothClasses() {
    FakePlugin first = new FakePlugin("solopool");
    FakePlugin second = new FakePlugin("solopool") {};
    assertThatThrownBy(() -> registry(first, second).build())
        .isInstanceOf(HmmPoolsException.class)
        .hasMessageContaining("pool_type 'solopool'")
        .hasMessageContaining(FakePlugin.class.getName() + " (registered explicitly)")
        .hasMessageContaining(second.getClass().getName() + " (registered explicitly)");
  }

  @Test
  void pluginMetadataIsCheckedAtBuild() {
    assertThatThrownBy(() -> registry(new FakePlugin("Solo Pool")).build())
        .isInstanceOf(HmmPoolsException.class)
        .hasMessageContaining("pool_type 'Solo Pool' must match [a-z][a-z0-9_-]*");
    assertThatThrownBy(() -> registry(new FakePlugin("nocoins", List.of(), false)).build())
        .isInstanceOf(HmmPoolsException.class)
        .hasMessageContaining(FakePlugin.class.getName())
        .hasMessageContaining("supported coins must be a non-empty list");
  }

  @Test
  void discoverFindsServiceLoaderPluginsAndRefusesAnExplicitPluginOfTheSameType() {
    try (PoolRegistry r = PoolRegistry.builder().discover().transport(transport).build()) {
      assertThat(r.plugins()).singleElement().isInstanceOf(DiscoverablePlugin.class);
    }
    FakePlugin clash = new FakePlugin("discoverable");
    assertThatThrownBy(() -> PoolRegistry.builder().discover().register(clash).transport(transport).build())
        .hasMessageContaining(DiscoverablePlugin.class.getName() + " (discovered through ServiceLoader)")
        .hasMessageContaining(FakePlugin.class.getName() + " (registered explicitly)");
  }

  @Test
  void validateRefusesAnUnknownTypeAndAMissingApiKeyNamingTheField() {
    try (PoolRegistry r = registry(new FakePlugin("braiins", List.of("BTC"), true)).build()) {
      assertThatThrownBy(() -> r.validate(pool("solopool")))
          .isInstanceOfSatisfying(
              InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("pool_type"));
      assertThatThrownBy(() -> r.validate(pool("braiins")))
          .isInstanceOfSatisfying(
              InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("api_key"));
      PoolConfig withKey = pool("braiins").toBuilder().apiKey("s3cret-token").build();
      assertThat(r.validate(withKey).poolType()).isEqualTo("braiins");
    }
  }

  // ------------------------------------------------------------ detection

  @Test
  void offlineMatchWinsInPoolTypeOrderWithoutAnyProbe() {
    FakePlugin beta = new FakePlugin("beta").offline(e -> OfflineVerdict.MATCH);
    FakePlugin alpha = new FakePlugin("alpha").offline(e -> OfflineVerdict.MATCH);
    FakePlugin gamma = new FakePlugin("gamma").probe((e, c) -> CompletableFuture.completedFuture(true));
    try (PoolRegistry r = registry(gamma, beta, alpha).build()) {
      assertThat(r.detectPool("stratum+tcp://pool.example.invalid", 3333).join()).containsSame(alpha);
    }
    assertThat(alpha.detectCalls.get() + beta.detectCalls.get() + gamma.detectCalls.get()).isZero();
    assertThat(transport.opened).isEmpty();
  }

  @Test
  void probesRunTogetherAndTheFirstYesInPoolTypeOrderWins() {
    CompletableFuture<Boolean> bAnswer = new CompletableFuture<>();
    CompletableFuture<Boolean> cAnswer = new CompletableFuture<>();
    FakePlugin a = new FakePlugin("a").probe((e, ctx) -> CompletableFuture.completedFuture(false));
    FakePlugin b = new FakePlugin("b").probe((e, ctx) -> bAnswer);
    FakePlugin c = new FakePlugin("c").probe((e, ctx) -> cAnswer);
    FakePlugin skipped = new FakePlugin("d").offline(e -> OfflineVerdict.NO_MATCH);
    try (PoolRegistry r = registry(c, b, a, skipped).build()) {
      CompletableFuture<Optional<BasePoolIntegration>> found = r.detectPool("10.0.0.5:4444", 4444);
      assertThat(a.detectCalls.get() + b.detectCalls.get() + c.detectCalls.get()).isEqualTo(3);
      assertThat(skipped.detectCalls).hasValue(0);

      cAnswer.complete(true); // c answers first, but b comes before it in pool_type order
      assertThat(found).isNotDone();
      bAnswer.complete(true);
      assertThat(found.join()).containsSame(b);
    }
    assertThat(transport.opened)
        .extracting(FakeTransport.Opened::scope)
        .containsExactlyInAnyOrder("detect:a", "detect:b", "detect:c");
    assertThat(transport.opened)
        .extracting(FakeTransport.Opened::deadline)
        .containsOnly(NOW.plusSeconds(5));
  }

  @Test
  void aProbeThatNeverAnswersOrFailsCountsAsNoWithinTheDetectionTimeout() throws Exception {
    FakePlugin hung = new FakePlugin("a").probe((e, ctx) -> new CompletableFuture<>());
    FakePlugin throwing =
        new FakePlugin("b").probe((e, ctx) -> {
          throw new IllegalStateException("boom");
        });
    FakePlugin failing =
        new FakePlugin("c").probe((e, ctx) -> CompletableFuture.failedFuture(new RuntimeException("x")));
    FakePlugin yes = new FakePlugin("d").probe((e, ctx) -> CompletableFuture.completedFuture(true));
    try (PoolRegistry r =
        registry(hung, throwing, failing, yes).detectionTimeout(Duration.ofMillis(200)).build()) {
      assertThat(r.detectPool("pool.example.invalid", 3333).get(5, TimeUnit.SECONDS)).containsSame(yes);
    }
  }

  @Test
  void noPluginRecognisingTheEndpointGivesEmpty() {
    try (PoolRegistry r =
        registry(new FakePlugin("a"), new FakePlugin("b").offline(e -> OfflineVerdict.NO_MATCH)).build()) {
      assertThat(r.detectPool("pool.example.invalid", 3333).join()).isEmpty();
    }
  }

  @Test
  void detectionRefusesAnUnparseableEndpoint() {
    try (PoolRegistry r = registry(new FakePlugin("a")).build()) {
      assertThatThrownBy(() -> r.detectPool("ftp://pool.example.invalid", 3333))
          .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("url"));
      assertThatThrownBy(() -> r.detectPool("pool.example.invalid", 0))
          .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("port"));
    }
  }

  // ------------------------------------------------------------ health and tiles

  @Test
  void aPluginThatNeedsLongerGetsItsMinimumDeadlineButNeverLessThanConfigured() {
    FakePlugin slow = new FakePlugin("braiins");
    slow.minimumDeadline = Duration.ofSeconds(20);
    FakePlugin quick = new FakePlugin("solopool");
    quick.minimumDeadline = Duration.ofSeconds(3);
    try (PoolRegistry r = registry(slow, quick).deadline(Duration.ofSeconds(7)).build()) {
      r.poolDashboardData(pool("braiins")).join();
      r.checkPoolHealth(pool("solopool")).join();
    }
    assertThat(transport.opened)
        .containsExactly(
            new FakeTransport.Opened("p1", NOW.plusSeconds(20)),
            new FakeTransport.Opened("p1", NOW.plusSeconds(7)));
  }

  @Test
  void dashboardDataUsesAContextScopedToThePoolWithTheDeadline() {
    FakePlugin plugin = new FakePlugin("solopool");
    try (PoolRegistry r = registry(plugin).deadline(Duration.ofSeconds(7)).build()) {
      DashboardTileData tiles = r.poolDashboardData(pool("solopool")).join();
      assertThat(tiles.healthStatus()).isTrue();
      assertThat(tiles.activeWorkers()).isZero();
    }
    assertThat(transport.opened).containsExactly(new FakeTransport.Opened("p1", NOW.plusSeconds(7)));
  }

  @Test
  void aFailingPluginGivesAnErrorTileWithAReadableMessage() {
    FakePlugin plugin =
        new FakePlugin("solopool")
            .tiles((p, c) -> CompletableFuture.failedFuture(PoolApiException.forStatus(503, "http://127.0.0.1/api/stats")));
    try (PoolRegistry r = registry(plugin).build()) {
      DashboardTileData tiles = r.poolDashboardData(pool("solopool")).join();
      assertThat(tiles.healthStatus()).isFalse();
      assertThat(tiles.healthMessage()).contains("503");
      assertThat(tiles.poolHashrate()).isNull();
      assertThat(tiles.lastUpdated()).isEqualTo(NOW);
      assertThat(tiles.supportsEarnings()).as("the plugin's capabilities survive an error").isTrue();
    }
  }

  @Test
  void aThrowingPluginGivesAnUnhealthyStatusAndNeverLeaksTheApiKey() {
    FakePlugin plugin =
        new FakePlugin("braiins", List.of("BTC"), true)
            .health((p, c) -> {
              throw new HmmPoolsException("token " + p.apiKey().orElseThrow() + " was refused");
            });
    try (PoolRegistry r = registry(plugin).build()) {
      PoolConfig pool = pool("braiins").toBuilder().apiKey("s3cret-token").build();
      PoolHealthStatus status = r.checkPoolHealth(pool).join();
      assertThat(status.healthy()).isFalse();
      assertThat(status.errorMessage()).isEqualTo("Fake braiins: token [redacted] was refused");
    }
  }

  @Test
  void errorMessagesStartWithThePoolsDisplayNameOnceAndHealthyMessagesAreLeftAlone() {
    FakePlugin plugin =
        new FakePlugin("solopool")
            .tiles(
                (p, c) ->
                    CompletableFuture.completedFuture(
                        "named".equals(p.name())
                            ? DashboardTileData.error("Fake solopool rejected the address", c.now())
                            : DashboardTileData.error("HTTP 503 from http://127.0.0.1/api/stats", c.now())))
            .health((p, c) -> CompletableFuture.completedFuture(PoolHealthStatus.unhealthy("connection refused", c.now())));
    try (PoolRegistry r = registry(plugin).build()) {
      assertThat(r.poolDashboardData(pool("solopool")).join().healthMessage())
          .isEqualTo("Fake solopool: HTTP 503 from http://127.0.0.1/api/stats");
      assertThat(r.poolDashboardData(pool("solopool").toBuilder().name("named").build()).join().healthMessage())
          .isEqualTo("Fake solopool rejected the address");
      assertThat(r.checkPoolHealth(pool("solopool")).join().errorMessage())
          .isEqualTo("Fake solopool: connection refused");
    }
    FakePlugin healthy = new FakePlugin("solopool");
    try (PoolRegistry r = registry(healthy).build()) {
      PoolConfig p = pool("solopool").toBuilder().name("12 workers online").build();
      assertThat(r.poolDashboardData(p).join().healthMessage()).isEqualTo("12 workers online");
    }
  }

  @Test
  void anErrorTileSaysWhatThePluginSupportsForThisPoolNotForAnyPool() {
    FakePlugin plugin =
        new FakePlugin("solopool") {
          @Override
          public boolean supportsEarnings() {
            return true;
          }

          @Override
          public boolean supportsBalance() {
            return true;
          }

          @Override
          public boolean supportsEarnings(PoolConfig pool) {
            return pool.username() != null;
          }
        }.tiles((p, c) -> CompletableFuture.failedFuture(new IllegalStateException("down")));
    try (PoolRegistry r = registry(plugin).build()) {
      DashboardTileData withoutAddress = r.poolDashboardData(pool("solopool").toBuilder().username(null).build()).join();
      assertThat(withoutAddress.healthStatus()).isFalse();
      assertThat(withoutAddress.supportsEarnings()).isFalse();
      assertThat(withoutAddress.supportsBalance()).isTrue();
      DashboardTileData withAddress = r.poolDashboardData(pool("solopool").toBuilder().username("bc1qabc").build()).join();
      assertThat(withAddress.supportsEarnings()).isTrue();
    }
  }

  @Test
  void aPluginThatNeverAnswersTimesOutAfterTheDeadline() throws Exception {
    FakePlugin plugin =
        new FakePlugin("solopool")
            .tiles((p, c) -> new CompletableFuture<>())
            .health((p, c) -> new CompletableFuture<>());
    try (PoolRegistry r = registry(plugin).deadline(Duration.ofMillis(150)).build()) {
      DashboardTileData tiles = r.poolDashboardData(pool("solopool")).get(5, TimeUnit.SECONDS);
      assertThat(tiles.healthStatus()).isFalse();
      assertThat(tiles.healthMessage()).isEqualTo("Fake solopool: timed out after 150 ms");
      PoolHealthStatus status = r.checkPoolHealth(pool("solopool")).get(5, TimeUnit.SECONDS);
      assertThat(status.errorMessage()).isEqualTo("Fake solopool: timed out after 150 ms");
    }
  }

  @Test
  void healthAndTilesRefuseAnInvalidConfigAtOnce() {
    try (PoolRegistry r = registry(new FakePlugin("solopool")).build()) {
      assertThatThrownBy(() -> r.poolDashboardData(pool("mmfp"))).isInstanceOf(InvalidPoolConfigException.class);
      assertThatThrownBy(() -> r.checkPoolHealth(pool("mmfp"))).isInstanceOf(InvalidPoolConfigException.class);
    }
  }

  @Test
  void aRegistryWithoutAGivenTransportCreatesOneAndClosesIt() {
    PoolRegistry r = PoolRegistry.builder().register(new FakePlugin("solopool")).clock(clock).build();
    HttpPoolTransport created = (HttpPoolTransport) r.transport();
    assertThat(created.clock()).as("deadlines are measured with the registry's clock").isSameAs(clock);
    assertThat(created.isClosed()).isFalse();
    r.close();
    assertThat(created.isClosed()).isTrue();
  }

  @Test
  void closeLeavesAGivenTransportOpenAndRefusesFurtherOperations() {
    PoolRegistry r = registry(new FakePlugin("solopool")).build();
    r.close();
    r.close();
    assertThat(transport.closed).isFalse();
    assertThatThrownBy(() -> r.detectPool("pool.example.invalid", 3333))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PoolRegistry is closed");
    assertThatThrownBy(() -> r.poolDashboardData(pool("solopool"))).isInstanceOf(IllegalStateException.class);
    assertThat(r.plugin("solopool")).isPresent();
  }

  @Test
  void aKeyThePoolEchoesIntoATileOrAStatusIsRedacted() {
    // found by the reliability suite: an MMFP server echoing X-API-Key in its "status" put the key
    // into the tile's health_message
    String key = "k3y-echoed-by-the-pool";
    FakePlugin echo = new FakePlugin("mmfp");
    echo.tiles =
        (p, c) ->
            CompletableFuture.completedFuture(
                DashboardTileData.builder(c.now())
                    .healthMessage("MMFP reports status '" + key + "'")
                    .estimatedTimeToBlock("in " + key)
                    .currency("BTC")
                    .build());
    echo.health =
        (p, c) -> CompletableFuture.completedFuture(PoolHealthStatus.unhealthy("status '" + key + "'", c.now()));
    try (PoolRegistry r = registry(echo).build()) {
      PoolConfig pool = pool("mmfp").toBuilder().apiKey(key).build();

      DashboardTileData tiles = r.poolDashboardData(pool).join();
      PoolHealthStatus health = r.checkPoolHealth(pool).join();

      assertThat(tiles.healthMessage()).isEqualTo("MMFP reports status '[redacted]'");
      assertThat(tiles.estimatedTimeToBlock()).isEqualTo("in [redacted]");
      assertThat(tiles.currency()).isEqualTo("BTC");
      assertThat(health.errorMessage()).isEqualTo("Fake mmfp: status '[redacted]'");
      assertThat(r.poolDashboardData(pool("mmfp")).join().healthMessage()).contains(key); // no key, nothing to hide
    }
  }
}
