package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.core.history.HistoryMetric;
import dev.danvic.hmm.pools.core.history.HistoryPoint;
import dev.danvic.hmm.pools.core.history.HistoryQueries;
import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistorySample;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import dev.danvic.hmm.pools.core.history.InMemoryHistoryStore;
import dev.danvic.hmm.pools.core.history.PoolComparison;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every history store of the server does, checked against the SDK's in-memory store: the same
 * samples give the same points and the same comparison, each tier within its retention, bounded.
 */
abstract class HistoryStoreContract {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  final MutableClock clock = new MutableClock(START);

  /** @return a new, empty store of the kind under test on this clock */
  abstract HistoryStore open(Clock clock, HistoryRetention retention);

  static HistorySample sample(String pool, Instant t, int i) {
    Map<HistoryMetric, Double> v = new EnumMap<>(HistoryMetric.class);
    if (i % 7 != 3) { // a failed refresh now and then: no figures
      v.put(HistoryMetric.USER_HASHRATE, 1e12 + (i % 11) * 1e11);
      v.put(HistoryMetric.LATENCY_MS, 20.0 + i % 13);
      v.put(HistoryMetric.SHARES_VALID, 100.0);
      v.put(HistoryMetric.SHARES_INVALID, (double) (i % 3));
      v.put(HistoryMetric.BLOCKS_FOUND, i % 500 == 0 ? 1.0 : 0.0);
      v.put(HistoryMetric.TIME_TO_BLOCK_SECONDS, 86_400.0);
    }
    return new HistorySample(pool, t, i % 7 != 3, v);
  }

  @Test
  void theSameSamplesGiveTheSamePointsAndComparisonAsTheInMemoryStore() {
    HistoryRetention r = HistoryRetention.defaults();
    HistoryStore store = open(clock, r);
    InMemoryHistoryStore reference = InMemoryHistoryStore.create(clock, r);
    List<HistorySample> batch = new ArrayList<>();
    for (int i = 0; i < 3 * 24 * 60; i++) { // 3 days, a sample a minute
      Instant t = START.plus(Duration.ofMinutes(i));
      clock.set(t);
      HistorySample s = sample("p", t, i);
      reference.record(s);
      if (i < 400) {
        store.record(s); // one by one, as refreshes come
      } else {
        batch.add(s); // the rest as one back-fill, the clock at its end
      }
    }
    store.recordAll(batch);
    clock.set(START.plus(Duration.ofDays(3)));

    for (Duration range : List.of(Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(3))) {
      Instant from = clock.instant().minus(range);
      assertThat(store.points("p", from, clock.instant()))
          .as("points of the last %s", range)
          .isEqualTo(reference.points("p", from, clock.instant()));
      PoolComparison mine = HistoryQueries.compare(store, List.of("p"), range).get(0);
      assertThat(mine).isEqualTo(HistoryQueries.compare(reference, List.of("p"), range).get(0));
    }
    List<HistoryPoint> threeDays = store.points("p", START, clock.instant());
    assertThat(threeDays).as("beyond 48 h: 5-minute buckets").hasSize(3 * 24 * 12).allMatch(p -> p.seconds() == 300);
    assertThat(store.poolIds()).containsExactly("p");
  }

  @Test
  void sizeStaysBoundedAndAForgottenPoolLeavesNothing() {
    HistoryRetention r =
        HistoryRetention.builder()
            .rawRetention(Duration.ofMinutes(30))
            .maxRawSamplesPerPool(100)
            .mediumRetention(Duration.ofHours(1))
            .coarseRetention(Duration.ofHours(2))
            .build();
    HistoryStore store = open(clock, r);
    for (int i = 0; i < 150 * 6; i++) { // 2.5 hours, a sample every 10 s
      Instant t = START.plus(Duration.ofSeconds(10L * i));
      clock.set(t);
      store.record(sample("p", t, i));
    }
    Instant now = clock.instant();
    assertThat(store.points("p", now.minus(Duration.ofMinutes(10)), now.plusSeconds(1)))
        .as("raw samples of the last 10 minutes, both ends included").hasSize(61);
    assertThat(store.points("p", now.minus(Duration.ofMinutes(20)), now.plusSeconds(1)))
        .as("the 100 raw samples kept (1 000 s) do not cover 20 minutes: buckets do")
        .hasSizeBetween(4, 5)
        .allMatch(p -> p.seconds() == 300);
    List<HistoryPoint> hour = store.points("p", now.minus(Duration.ofMinutes(59)), now.plusSeconds(1));
    assertThat(hour).as("beyond the raw retention: buckets").allMatch(p -> p.seconds() == 300);
    assertThat(store.points("p", START, now.plusSeconds(1))).as("2 h of hours").hasSizeBetween(2, 3);

    store.forget("p");
    assertThat(store.poolIds()).isEmpty();
    assertThat(store.points("p", now.minus(Duration.ofMinutes(10)), now)).isEmpty();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
