package dev.danvic.hmm.pools.core.history;

import static dev.danvic.hmm.pools.core.history.HistoryMetric.BLOCKS_FOUND;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.EARNINGS_24H;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.LATENCY_MS;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.REJECT_RATE;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.SHARES_INVALID;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.SHARES_STALE;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.SHARES_VALID;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.TIME_TO_BLOCK_SECONDS;
import static dev.danvic.hmm.pools.core.history.HistoryMetric.USER_HASHRATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryQueriesTest {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  final MovableClock clock = new MovableClock(START);
  final InMemoryHistoryStore store = InMemoryHistoryStore.create(clock, HistoryRetention.defaults());

  void record(int minute, boolean healthy, Map<HistoryMetric, Double> values) {
    store.record(new HistorySample("p", START.plus(Duration.ofMinutes(minute)), healthy, values));
  }

  static Map<HistoryMetric, Double> values(Object... pairs) {
    Map<HistoryMetric, Double> m = new EnumMap<>(HistoryMetric.class);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((HistoryMetric) pairs[i], ((Number) pairs[i + 1]).doubleValue());
    }
    return m;
  }

  @Test
  void aSeriesFoldsSamplesIntoStepsAndLeavesStepsWithoutSamplesOut() {
    record(0, true, values(USER_HASHRATE, 100));
    record(1, true, values(USER_HASHRATE, 300));
    record(20, false, values()); // the pool failed: no figures
    record(21, true, values(USER_HASHRATE, 50));
    clock.set(START.plus(Duration.ofMinutes(30)));

    HistorySeries s = HistoryQueries.series(store, "p", Duration.ofMinutes(30), Duration.ofMinutes(10));

    assertThat(s.from()).isEqualTo(START);
    assertThat(s.stepSeconds()).isEqualTo(600);
    assertThat(s.points()).extracting(HistoryPoint::time).containsExactly(START, START.plus(Duration.ofMinutes(20)));
    assertThat(s.points().get(0).avg(USER_HASHRATE)).isEqualTo(200.0);
    assertThat(s.points().get(1).samples()).isEqualTo(2);
    assertThat(s.points().get(1).healthySamples()).isEqualTo(1);
    assertThat(s.points().get(1).max(USER_HASHRATE)).isEqualTo(50.0);
  }

  @Test
  void aStepFinerThanTheStoredBucketsIsWidenedToThem() {
    record(0, true, values(USER_HASHRATE, 100));
    clock.set(START.plus(Duration.ofDays(7)));
    HistorySeries s = HistoryQueries.series(store, "p", Duration.ofDays(7).plusMinutes(1), Duration.ofMinutes(1));
    assertThat(s.stepSeconds()).isEqualTo(300);
    assertThat(s.points()).singleElement().satisfies(p -> assertThat(p.avg(USER_HASHRATE)).isEqualTo(100.0));
    assertThatThrownBy(() -> HistoryQueries.series(store, "p", START, START, Duration.ofMinutes(5)))
        .hasMessageContaining("must be before");
  }

  @Test
  void aSeriesReadsTheCoarsestTierThatDividesItsStepAndGetsTheSamePoints() {
    for (int i = 0; i < 3 * 24 * 60; i++) { // 3 days, a sample a minute
      record(i, i % 17 != 0, values(USER_HASHRATE, 1e12 + (i % 97) * 1e9, LATENCY_MS, 10 + i % 7));
    }
    clock.set(START.plus(Duration.ofDays(3)));
    Instant from = START;
    Instant to = clock.instant();
    assertThat(store.points("p", from, to, Duration.ofHours(1))).hasSize(72);
    assertThat(store.points("p", from, to, Duration.ZERO)).hasSize(864);

    HistorySeries hourly = HistoryQueries.series(store, "p", Duration.ofDays(3), Duration.ofHours(1));
    // the same steps folded by hand from the 5-minute buckets
    java.util.TreeMap<Long, HistoryPoint> byHand = new java.util.TreeMap<>();
    for (HistoryPoint p : store.points("p", from, to, Duration.ZERO)) {
      long key = Math.floorDiv(p.time().getEpochSecond(), 3600) * 3600;
      Instant at = Instant.ofEpochSecond(key);
      byHand.merge(key, p.withInterval(at, 3600), (a, b) -> a.merge(b, at, 3600));
    }
    assertThat(hourly.points()).hasSize(72);
    for (int i = 0; i < 72; i++) {
      HistoryPoint mine = hourly.points().get(i);
      HistoryPoint expected = new java.util.ArrayList<>(byHand.values()).get(i);
      assertThat(mine.samples()).isEqualTo(expected.samples());
      assertThat(mine.healthySamples()).isEqualTo(expected.healthySamples());
      assertThat(mine.min(USER_HASHRATE)).isEqualTo(expected.min(USER_HASHRATE));
      assertThat(mine.max(LATENCY_MS)).isEqualTo(expected.max(LATENCY_MS));
      assertThat(mine.avg(USER_HASHRATE)).isCloseTo(expected.avg(USER_HASHRATE), within(1e-3));
    }
    assertThat(HistoryQueries.comparisonResolution(START, START.plus(Duration.ofDays(30)))).isGreaterThan(Duration.ofHours(1));
    assertThat(HistoryQueries.comparisonResolution(START, START.plus(Duration.ofDays(7)))).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(59));
  }

  @Test
  void uptimeMedianAndPercentilesFollowTheirDefinitions() {
    // 10 samples, one a minute; sample 3 and 7 unhealthy; latencies 10..100 ms; user hash rate
    // 1, 2, 3, 4, 100 TH/s repeated
    double[] rates = {1e12, 2e12, 3e12, 4e12, 100e12};
    for (int i = 0; i < 10; i++) {
      record(i, i != 3 && i != 7, values(LATENCY_MS, 10 * (i + 1), USER_HASHRATE, rates[i % 5]));
    }
    clock.set(START.plus(Duration.ofMinutes(10)));

    PoolComparison row = HistoryQueries.compare(store, List.of("p"), Duration.ofMinutes(10)).get(0);

    assertThat(row.samples()).isEqualTo(10);
    assertThat(row.uptimePercent()).isEqualTo(80.0);
    assertThat(row.avgUserHashrate()).isCloseTo(22e12, within(1.0));
    assertThat(row.medianUserHashrate()).as("nearest rank 5 of 10").isEqualTo(3e12);
    assertThat(row.latencyP50Ms()).isEqualTo(50.0);
    assertThat(row.latencyP95Ms()).as("nearest rank 10 of 10").isEqualTo(100.0);
  }

  @Test
  void rejectRateComesFromShareIncreasesAndFallsBackToTheReportedRate() {
    record(0, true, values(SHARES_VALID, 90, SHARES_INVALID, 5, SHARES_STALE, 5, REJECT_RATE, 50));
    record(1, true, values(SHARES_VALID, 290, SHARES_INVALID, 10, SHARES_STALE, 0, REJECT_RATE, 50));
    clock.set(START.plus(Duration.ofMinutes(2)));
    assertThat(HistoryQueries.compare(store, List.of("p"), Duration.ofMinutes(2)).get(0).rejectRatePercent())
        .isCloseTo(20.0 / 400 * 100, within(1e-9));

    InMemoryHistoryStore other = InMemoryHistoryStore.create(clock, HistoryRetention.defaults());
    other.record(new HistorySample("q", START, true, values(REJECT_RATE, 2)));
    other.record(new HistorySample("q", START.plusSeconds(60), true, values(REJECT_RATE, 4)));
    assertThat(HistoryQueries.compare(other, List.of("q"), Duration.ofMinutes(2)).get(0).rejectRatePercent())
        .isEqualTo(3.0);
  }

  @Test
  void earningsPerTerahashAndLuckUseTheDocumentedFormulas() {
    // 24 hours, a sample an hour; 2 TH/s; earnings 0.0004 per day; time to block 12 h; 3 blocks
    for (int h = 0; h < 24; h++) {
      record(
          60 * h,
          true,
          values(USER_HASHRATE, 2e12, EARNINGS_24H, 0.0004, TIME_TO_BLOCK_SECONDS, 43_200, BLOCKS_FOUND, h % 8 == 0 ? 1 : 0));
    }
    clock.set(START.plus(Duration.ofHours(24)));

    PoolComparison row = HistoryQueries.compare(store, List.of("p"), Duration.ofHours(24)).get(0);

    assertThat(row.blocksFound()).isEqualTo(3);
    assertThat(row.earningsPerThsPerDay()).isCloseTo(0.0002, within(1e-12));
    // expected = 24 h / 12 h = 2 blocks; found 3 -> 150 %
    assertThat(row.luckPercent()).isCloseTo(150.0, within(1e-9));
  }

  @Test
  void aPoolWithoutTheFiguresGetsNullsNotZeros() {
    record(0, true, values(LATENCY_MS, 5));
    clock.set(START.plus(Duration.ofMinutes(1)));
    PoolComparison row = HistoryQueries.compare(store, List.of("p", "unknown"), Duration.ofMinutes(1)).get(0);
    assertThat(row.avgUserHashrate()).isNull();
    assertThat(row.blocksFound()).isNull();
    assertThat(row.luckPercent()).isNull();
    assertThat(row.earningsPerThsPerDay()).isNull();
    PoolComparison unknown = HistoryQueries.compare(store, List.of("unknown"), Duration.ofMinutes(1)).get(0);
    assertThat(unknown.samples()).isZero();
    assertThat(unknown.uptimePercent()).isNull();
  }

  @Test
  void aSampleFromTilesTakesShareAndBlockIncreasesFromThePreviousRefresh() {
    DashboardTileData before =
        DashboardTileData.builder(START).shares(1_000L, 10L, null).blocksFound24h(2).build();
    DashboardTileData now =
        DashboardTileData.builder(START.plusSeconds(30))
            .shares(1_250L, 4L, null) // invalid went down: a reset
            .blocksFound24h(1) // a block left the 24 h window
            .userHashrate(5e12)
            .confirmedBalance(new BigDecimal("0.5"))
            .build();

    HistorySample s = HistorySample.fromTiles("p", now, before);

    assertThat(s.time()).isEqualTo(START.plusSeconds(30));
    assertThat(s.value(SHARES_VALID)).isEqualTo(250.0);
    assertThat(s.value(SHARES_INVALID)).isEqualTo(4.0);
    assertThat(s.value(SHARES_STALE)).isNull();
    assertThat(s.value(BLOCKS_FOUND)).isEqualTo(0.0);
    assertThat(s.value(USER_HASHRATE)).isEqualTo(5e12);
    assertThat(s.value(HistoryMetric.CONFIRMED_BALANCE)).isEqualTo(0.5);
    assertThat(HistorySample.fromTiles("p", now, null).value(SHARES_VALID)).as("no previous refresh").isNull();
  }
}
