package dev.danvic.hmm.pools.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryHistoryStoreTest {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  final MovableClock clock = new MovableClock(START);

  static HistorySample sample(String pool, Instant t, boolean healthy, double hashrate, double latency) {
    return new HistorySample(
        pool, t, healthy, Map.of(HistoryMetric.USER_HASHRATE, hashrate, HistoryMetric.LATENCY_MS, latency));
  }

  /** Records one sample every {@code every} from now for {@code span}, the clock moving along. */
  static void feed(InMemoryHistoryStore store, MovableClock clock, String pool, Duration every, Duration span) {
    Instant end = clock.instant().plus(span);
    while (clock.instant().isBefore(end)) {
      store.record(sample(pool, clock.instant(), true, 100, 10));
      clock.advance(every);
    }
  }

  @Test
  void fiveMinuteBucketsKeepMinMeanAndMaxOfTheirSamples() {
    InMemoryHistoryStore store = InMemoryHistoryStore.create(clock, HistoryRetention.defaults());
    double[] rates = {100, 300, 200, 500, 400};
    for (int i = 0; i < rates.length; i++) {
      store.record(sample("p", START.plus(Duration.ofMinutes(i)), i != 2, rates[i], 10 * i));
    }
    clock.set(START.plus(Duration.ofHours(72))); // raw samples gone: 5-minute buckets answer
    List<HistoryPoint> points = store.points("p", START, START.plus(Duration.ofHours(1)));

    assertThat(points).hasSize(1);
    HistoryPoint bucket = points.get(0);
    assertThat(bucket.time()).isEqualTo(START);
    assertThat(bucket.seconds()).isEqualTo(300);
    assertThat(bucket.samples()).isEqualTo(5);
    assertThat(bucket.healthySamples()).isEqualTo(4);
    assertThat(bucket.min(HistoryMetric.USER_HASHRATE)).isEqualTo(100.0);
    assertThat(bucket.avg(HistoryMetric.USER_HASHRATE)).isEqualTo(300.0);
    assertThat(bucket.max(HistoryMetric.USER_HASHRATE)).isEqualTo(500.0);
    assertThat(bucket.max(HistoryMetric.LATENCY_MS)).isEqualTo(40.0);
    assertThat(bucket.avg(HistoryMetric.POOL_HASHRATE)).as("a figure no sample gave").isNull();
  }

  @Test
  void eachTierAnswersWithinItsRetentionAndForgetsAfter() {
    InMemoryHistoryStore store = InMemoryHistoryStore.create(clock, HistoryRetention.defaults());
    store.record(sample("p", START, true, 100, 10));
    store.record(sample("p", START.plus(Duration.ofSeconds(30)), true, 300, 10));

    clock.set(START.plus(Duration.ofHours(47)));
    assertThat(store.points("p", START, clock.instant())).hasSize(2).allMatch(p -> p.seconds() == 0);

    clock.set(START.plus(Duration.ofHours(49)));
    assertThat(store.sizes("p")[0]).as("raw samples after 48 h").isZero();
    List<HistoryPoint> medium = store.points("p", START, clock.instant());
    assertThat(medium).singleElement().satisfies(p -> {
      assertThat(p.seconds()).isEqualTo(300);
      assertThat(p.avg(HistoryMetric.USER_HASHRATE)).isEqualTo(200.0);
    });

    clock.set(START.plus(Duration.ofDays(31)));
    assertThat(store.sizes("p")[1]).as("5-minute buckets after 30 days").isZero();
    assertThat(store.points("p", START, clock.instant())).singleElement().satisfies(p -> {
      assertThat(p.seconds()).isEqualTo(3600);
      assertThat(p.samples()).isEqualTo(2);
    });

    clock.set(START.plus(Duration.ofDays(366)));
    assertThat(store.points("p", START, clock.instant())).isEmpty();
    assertThat(store.sizes("p")).containsExactly(0, 0, 0);
  }

  @Test
  void sizeStaysBoundedWhateverTheRefreshRate() {
    HistoryRetention r =
        HistoryRetention.builder()
            .rawRetention(Duration.ofHours(1))
            .maxRawSamplesPerPool(600)
            .mediumRetention(Duration.ofHours(6))
            .coarseRetention(Duration.ofDays(2))
            .build();
    InMemoryHistoryStore store = InMemoryHistoryStore.create(clock, r);
    feed(store, clock, "p", Duration.ofSeconds(1), Duration.ofDays(3)); // a sample a second

    int[] sizes = store.sizes("p");
    assertThat(sizes[0]).isEqualTo(600);
    assertThat(sizes[1]).isBetween(72, 73); // 6 h of 5-minute buckets
    assertThat(sizes[2]).isBetween(48, 49); // 2 days of hours
  }

  @Test
  void aRangeTheCappedRawSamplesNoLongerCoverIsAnsweredFromBuckets() {
    HistoryRetention r = HistoryRetention.builder().maxRawSamplesPerPool(60).build();
    InMemoryHistoryStore store = InMemoryHistoryStore.create(clock, r);
    feed(store, clock, "p", Duration.ofSeconds(10), Duration.ofHours(1));

    List<HistoryPoint> hour = store.points("p", START, clock.instant());
    assertThat(hour).hasSize(12).allMatch(p -> p.seconds() == 300 && p.samples() == 30);
    List<HistoryPoint> lastFiveMinutes = store.points("p", clock.instant().minus(Duration.ofMinutes(5)), clock.instant());
    assertThat(lastFiveMinutes).hasSize(30).allMatch(p -> p.seconds() == 0);
  }

  @Test
  void theStoreKeepsAtMostItsPoolsDroppingTheOneRecordedLongestAgo() {
    InMemoryHistoryStore store = InMemoryHistoryStore.create(clock, HistoryRetention.builder().maxPools(2).build());
    store.record(sample("a", clock.instant(), true, 1, 1));
    clock.advance(Duration.ofSeconds(30));
    store.record(sample("b", clock.instant(), true, 1, 1));
    clock.advance(Duration.ofSeconds(30));
    store.record(sample("a", clock.instant(), true, 1, 1));
    clock.advance(Duration.ofSeconds(30));
    store.record(sample("c", clock.instant(), true, 1, 1));

    assertThat(store.poolIds()).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void retentionsThatDoNotFitTogetherAreRefusedNamingWhy() {
    assertThatThrownBy(() -> HistoryRetention.builder().coarseResolution(Duration.ofMinutes(7)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coarseResolution");
    assertThatThrownBy(() -> HistoryRetention.builder().mediumRetention(Duration.ofHours(1)).build())
        .hasMessageContaining("must not shrink");
    assertThatThrownBy(() -> new HistorySample("p", START, true, Map.of(HistoryMetric.LATENCY_MS, Double.NaN)))
        .hasMessageContaining("latency_ms must be finite");
  }
}
