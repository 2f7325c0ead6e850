package dev.danvic.hmm.pools.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolHealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Change events are handled on other threads and may be handled late: what reaches the rules and
 * failover groups is never older than what they saw, and the same figures are seen once.
 */
class PoolObservationsTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private final List<String> seen = new ArrayList<>();
  private final PoolObservations observations =
      new PoolObservations(pool -> Set.of("s21"), (pool, o) -> seen.add(pool + " " + describe(o)));

  private static String describe(Observation o) {
    return (o.fromHealthCheck() ? "health " : "tiles ") + (Boolean.TRUE.equals(o.healthy()) ? "up" : "down")
        + (o.workers() != null ? " " + o.workers() : "");
  }

  private static DashboardTileData tiles(Instant at, int workers) {
    return DashboardTileData.builder(at).healthStatus(true).activeWorkers(workers).build();
  }

  @Test
  void tilesOlderThanOrTheSameAsTheLastOnesAreNotHandedOn() {
    DashboardTileData first = tiles(T0, 3);
    observations.offerTiles("a", first);
    observations.offerTiles("a", first); // the same refresh handled twice
    observations.offerTiles("a", tiles(T0.minusSeconds(30), 3)); // a late event of an older refresh
    observations.offerTiles("a", tiles(T0.plusSeconds(30), 2));
    assertThat(seen).containsExactly("a tiles up [s21]", "a tiles up [s21]");
  }

  @Test
  void differentFiguresAtTheSameInstantAreHandedOn() {
    // a clock that stands still (a test's) stamps two refreshes alike; their figures tell them apart
    observations.offerTiles("a", tiles(T0, 3));
    observations.offerTiles("a", tiles(T0, 2));
    assertThat(seen).hasSize(2);
  }

  @Test
  void aHealthyCheckHandledAfterTheFailedOneThatFollowedItIsDropped() {
    observations.offerHealth("a", PoolHealthStatus.healthy(40, T0));
    observations.offerHealth("a", PoolHealthStatus.unhealthy("HTTP 503", T0.plus(Duration.ofMinutes(1))));
    observations.offerHealth("a", PoolHealthStatus.healthy(40, T0)); // handled late
    assertThat(seen).containsExactly("a health up", "a health down");
  }

  @Test
  void poolsAndKindsAreIndependentAndARemovedPoolStartsOver() {
    observations.offerHealth("a", PoolHealthStatus.healthy(40, T0.plusSeconds(60)));
    observations.offerTiles("a", tiles(T0, 3)); // tiles are compared with tiles only
    observations.offerTiles("b", tiles(T0, 3));
    observations.forget("a");
    observations.offerTiles("a", tiles(T0, 3));
    assertThat(seen).containsExactly("a health up", "a tiles up [s21]", "b tiles up [s21]", "a tiles up [s21]");
  }
}
