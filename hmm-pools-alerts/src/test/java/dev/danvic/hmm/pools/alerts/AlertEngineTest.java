package dev.danvic.hmm.pools.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolHealthStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private final TestClock clock = new TestClock(T0);
  private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();
  private final List<AlertEvent> heard = new ArrayList<>();

  private AlertEngine engine(AlertRule... rules) {
    AlertEngine e = AlertEngine.builder().store(store).clock(clock).build();
    for (AlertRule r : rules) {
      e.putRule(r);
    }
    e.addListener(heard::add);
    return e;
  }

  private static AlertRule rule(RuleKind kind, Double threshold, Duration duration, Duration reminder) {
    return new AlertRule("r1", kind.jsonName(), kind, null, threshold, duration, null, reminder, List.of());
  }

  private static Observation health(boolean healthy, Double latency) {
    return Observation.ofHealth(
        new PoolHealthStatus(healthy, latency, healthy ? null : "HTTP 503", null, T0));
  }

  private static DashboardTileData.Builder tiles() {
    return DashboardTileData.builder(T0).healthStatus(true);
  }

  private List<AlertEvent.Type> types() {
    return heard.stream().map(AlertEvent::type).toList();
  }

  @Test
  void unhealthyFiresOnceAfterItsDurationNeverRepeatsAndResolvesOnce() {
    AlertEngine e = engine(rule(RuleKind.POOL_UNHEALTHY, null, Duration.ofMinutes(5), null));
    e.evaluate("a", health(false, null));
    clock.advance(Duration.ofMinutes(4));
    e.evaluate("a", health(false, null));
    assertThat(heard).isEmpty(); // 4 of 5 minutes
    clock.advance(Duration.ofMinutes(1));
    e.evaluate("a", health(false, null));
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMinutes(1));
      e.evaluate("a", health(false, null));
    }
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
    assertThat(heard.get(0).time()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(heard.get(0).message()).contains("HTTP 503");
    e.evaluate("a", health(true, 20.0));
    e.evaluate("a", health(true, 20.0));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
  }

  @Test
  void aShortBlipNeverFires() {
    AlertEngine e = engine(rule(RuleKind.POOL_UNHEALTHY, null, Duration.ofMinutes(5), null));
    e.evaluate("a", health(false, null));
    clock.advance(Duration.ofMinutes(3));
    e.evaluate("a", health(true, 10.0));
    clock.advance(Duration.ofMinutes(3));
    e.evaluate("a", health(false, null)); // the clock restarts here
    clock.advance(Duration.ofMinutes(4));
    e.evaluate("a", health(false, null));
    assertThat(heard).isEmpty();
  }

  @Test
  void remindsAtTheIntervalWhileTheConditionHolds() {
    AlertEngine e = engine(rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, Duration.ofMinutes(30)));
    for (int i = 0; i <= 60; i++) {
      e.evaluate("a", health(false, null));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.REMINDER, AlertEvent.Type.REMINDER);
  }

  @Test
  void aRestartWithTheSameStoreNeitherFiresAgainNorForgetsToResolve() {
    AlertRule r = rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, null);
    engine(r).evaluate("a", health(false, null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);

    AlertEngine restarted = engine(r); // a new engine, the same store
    restarted.evaluate("a", health(false, null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
    restarted.evaluate("a", health(true, 5.0));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
  }

  @Test
  void aRuleForEveryPoolKeepsOneStatePerPoolAndAPoolRuleWatchesOnlyItsPool() {
    AlertRule all = rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, null);
    AlertRule onlyB = new AlertRule("r2", "b down", RuleKind.POOL_UNHEALTHY, "b", null, Duration.ZERO, null, null, List.of());
    AlertEngine e = engine(all, onlyB);
    e.evaluate("a", health(false, null));
    e.evaluate("b", health(false, null));
    e.evaluate("a", health(false, null));
    assertThat(heard).extracting(ev -> ev.ruleId() + "@" + ev.poolId())
        .containsExactlyInAnyOrder("r1@a", "r1@b", "r2@b");
  }

  @Test
  void healthChecksOverrideTheTilesCopyOfHealthSoTheRuleDoesNotFlap() {
    AlertEngine e = engine(rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, null));
    e.evaluate("a", health(false, null));
    e.evaluate("a", Observation.ofTiles(tiles().build(), null)); // stale tiles say healthy
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
    e.evaluate("a", health(true, 1.0));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
  }

  @Test
  void errorStateTilesCountAsUnhealthyWhileNoHealthCheckIsSeen() {
    AlertEngine e = engine(rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, null));
    e.evaluate("a", Observation.ofTiles(DashboardTileData.error("connection refused", T0), null));
    e.evaluate("a", Observation.ofTiles(tiles().build(), null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
    assertThat(heard.get(0).message()).contains("connection refused");
  }

  @Test
  void workersBelowACount() {
    AlertEngine e = engine(rule(RuleKind.WORKERS_BELOW, 2.0, Duration.ofMinutes(2), null));
    e.evaluate("a", Observation.ofTiles(tiles().activeWorkers(2).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().activeWorkers(1).build(), null));
    clock.advance(Duration.ofMinutes(2));
    e.evaluate("a", Observation.ofTiles(tiles().activeWorkers(1).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().build(), null)); // no count: unknown, no change
    e.evaluate("a", Observation.ofTiles(tiles().activeWorkers(3).build(), null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
    assertThat(heard.get(0).message()).isEqualTo("active workers 1 < 2");
  }

  @Test
  void workersBelowFollowsTheTilesNotAHealthCheckThatCountedAtAnotherMoment() {
    AlertEngine e = engine(rule(RuleKind.WORKERS_BELOW, 3.0, Duration.ZERO, null));
    e.evaluate("a", Observation.ofTiles(tiles().activeWorkers(2).build(), null)); // a rig dropped
    // a health check read before the drop still counts three: it must not resolve the alert
    e.evaluate("a", Observation.ofHealth(new PoolHealthStatus(true, 20.0, null, 3, T0)));
    e.evaluate("a", Observation.ofTiles(tiles().activeWorkers(2).build(), null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
  }

  @Test
  void aNamedWorkerNotSeenForItsDuration() {
    AlertRule r = new AlertRule("w", "rig gone", RuleKind.WORKER_MISSING, null, null, Duration.ofMinutes(10), "rig1", null, List.of());
    AlertEngine e = engine(r);
    e.evaluate("a", Observation.ofTiles(tiles().build(), Set.of("rig1", "rig2")));
    e.evaluate("a", Observation.ofTiles(tiles().build(), Set.of("rig2")));
    clock.advance(Duration.ofMinutes(9));
    e.evaluate("a", Observation.ofTiles(tiles().build(), Set.of("rig2")));
    assertThat(heard).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    e.evaluate("a", Observation.ofTiles(tiles().build(), Set.of("rig2")));
    e.evaluate("a", Observation.ofTiles(tiles().build(), Set.of("rig1")));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
    assertThat(heard.get(0).message()).isEqualTo("worker rig1 not seen");
  }

  @Test
  void hashrateBelowAPercentageOfItsOwnRecentAverage() {
    AlertEngine e = engine(rule(RuleKind.HASHRATE_DROP, 50.0, Duration.ofMinutes(10), null));
    for (int i = 0; i < 12; i++) { // an hour at 1 TH/s
      e.evaluate("a", Observation.ofTiles(tiles().userHashrate(1e12).build(), null));
      clock.advance(Duration.ofMinutes(5));
    }
    e.evaluate("a", Observation.ofTiles(tiles().userHashrate(0.6e12).build(), null)); // 60 %: fine
    // a drop to 40 % that lasts: the average stays put, so it fires after 10 minutes
    for (int i = 0; i <= 4; i++) {
      clock.advance(Duration.ofMinutes(5));
      e.evaluate("a", Observation.ofTiles(tiles().userHashrate(0.4e12).build(), null));
    }
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
    clock.advance(Duration.ofMinutes(5));
    e.evaluate("a", Observation.ofTiles(tiles().userHashrate(0.95e12).build(), null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED, AlertEvent.Type.RESOLVED);
  }

  @Test
  void rejectRateAndLatencyAboveTheirThresholds() {
    AlertRule reject = new AlertRule("rej", "rejects", RuleKind.REJECT_RATE_ABOVE, null, 5.0, Duration.ZERO, null, null, List.of());
    AlertRule latency = new AlertRule("lat", "slow", RuleKind.LATENCY_ABOVE, null, 500.0, Duration.ZERO, null, null, List.of());
    AlertEngine e = engine(reject, latency);
    e.evaluate("a", Observation.ofTiles(tiles().rejectRate(2.0).latencyMs(100.0).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().rejectRate(7.5).latencyMs(900.0).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().rejectRate(7.5).latencyMs(900.0).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().rejectRate(1.0).latencyMs(90.0).build(), null));
    assertThat(heard).extracting(ev -> ev.ruleId() + ":" + ev.type())
        .containsExactlyInAnyOrder("rej:FIRED", "lat:FIRED", "rej:RESOLVED", "lat:RESOLVED");
    assertThat(heard).extracting(AlertEvent::message).contains("reject rate 7.50 % > 5 %", "latency 900 ms > 500 ms");
  }

  @Test
  void aFoundBlockFiresOnceEvenWhenTheCountRisesARefreshLater() {
    AlertEngine e = engine(rule(RuleKind.BLOCK_FOUND, null, Duration.ZERO, null));
    Instant old = T0.minus(Duration.ofDays(3));
    e.evaluate("a", Observation.ofTiles(tiles().lastBlockTime(old).blocksFound24h(0).build(), null));
    assertThat(heard).isEmpty(); // the first reading is what was already there
    Instant found = T0.plusSeconds(30);
    e.evaluate("a", Observation.ofTiles(tiles().lastBlockTime(found).blocksFound24h(0).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().lastBlockTime(found).blocksFound24h(1).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().lastBlockTime(found).blocksFound24h(1).build(), null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
    assertThat(heard.get(0).message()).contains(found.toString());

    AlertEngine restarted = engine(rule(RuleKind.BLOCK_FOUND, null, Duration.ZERO, null));
    restarted.evaluate("a", Observation.ofTiles(tiles().lastBlockTime(found).blocksFound24h(1).build(), null));
    assertThat(heard).hasSize(1);
  }

  @Test
  void withoutABlockTimeTheRisingCountTellsOfABlock() {
    AlertEngine e = engine(rule(RuleKind.BLOCK_FOUND, null, Duration.ZERO, null));
    e.evaluate("a", Observation.ofTiles(tiles().blocksFound24h(2).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().blocksFound24h(1).build(), null)); // one left the window
    e.evaluate("a", Observation.ofTiles(tiles().blocksFound24h(2).build(), null));
    assertThat(types()).containsExactly(AlertEvent.Type.FIRED);
  }

  @Test
  void aRisingConfirmedBalanceFiresEachTime() {
    AlertEngine e = engine(rule(RuleKind.BALANCE_INCREASED, null, Duration.ZERO, null));
    e.evaluate("a", Observation.ofTiles(tiles().confirmedBalance(new BigDecimal("0.10")).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().confirmedBalance(new BigDecimal("0.12")).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().confirmedBalance(new BigDecimal("0.12")).build(), null));
    e.evaluate("a", Observation.ofTiles(tiles().confirmedBalance(new BigDecimal("0.00")).build(), null)); // paid out
    e.evaluate("a", Observation.ofTiles(tiles().confirmedBalance(new BigDecimal("0.01")).build(), null));
    assertThat(heard).extracting(AlertEvent::message)
        .containsExactly("confirmed balance of pool a rose from 0.10 to 0.12", "confirmed balance of pool a rose from 0.00 to 0.01");
  }

  @Test
  void aChangedRuleStartsFromAFreshStateAndARemovedOneIsForgotten() {
    AlertEngine e = engine(rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, null));
    e.evaluate("a", health(false, null));
    e.putRule(rule(RuleKind.LATENCY_ABOVE, 100.0, Duration.ZERO, null));
    assertThat(store.load("r1", "a")).isEmpty();
    e.putRule(rule(RuleKind.LATENCY_ABOVE, 100.0, Duration.ZERO, Duration.ofHours(1))); // reminder only
    e.evaluate("a", health(true, 500.0));
    e.putRule(rule(RuleKind.LATENCY_ABOVE, 100.0, Duration.ZERO, Duration.ofHours(2)));
    assertThat(store.load("r1", "a")).get().extracting(RuleState::firing).isEqualTo(true);
    assertThat(e.removeRule("r1")).isTrue();
    assertThat(store.load("r1", "a")).isEmpty();
  }

  @Test
  void badRulesNameTheirField() {
    assertThatThrownBy(() -> rule(RuleKind.REJECT_RATE_ABOVE, null, Duration.ZERO, null)).hasMessageStartingWith("threshold");
    assertThatThrownBy(() -> rule(RuleKind.HASHRATE_DROP, 150.0, Duration.ZERO, null)).hasMessageStartingWith("threshold");
    assertThatThrownBy(() -> rule(RuleKind.POOL_UNHEALTHY, 1.0, Duration.ZERO, null)).hasMessageStartingWith("threshold");
    assertThatThrownBy(() -> rule(RuleKind.POOL_UNHEALTHY, null, Duration.ofMinutes(-1), null)).hasMessageStartingWith("duration");
    assertThatThrownBy(() -> rule(RuleKind.POOL_UNHEALTHY, null, Duration.ZERO, Duration.ofSeconds(5))).hasMessageStartingWith("reminder");
    assertThatThrownBy(() -> rule(RuleKind.WORKER_MISSING, null, Duration.ZERO, null)).hasMessageStartingWith("worker");
    assertThatThrownBy(() -> new AlertRule("a b", "n", RuleKind.BLOCK_FOUND, null, null, Duration.ZERO, null, null, List.of()))
        .hasMessageStartingWith("id");
    assertThatThrownBy(() -> RuleKind.parse("pool_exploded")).hasMessageStartingWith("kind must be one of pool_unhealthy");
  }
}
