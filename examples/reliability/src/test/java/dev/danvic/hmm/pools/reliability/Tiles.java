package dev.danvic.hmm.pools.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.HmmPoolsJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the suite compares and checks in tiles. */
final class Tiles {
  private Tiles() {}

  /** Every figure of a tile set, without what changes from read to read (latency, time read). */
  static Map<String, Object> figures(DashboardTileData t) {
    Map<String, Object> m = new LinkedHashMap<>(nonHashFigures(t));
    m.put("health_status", t.healthStatus());
    m.put("health_message", t.healthMessage());
    m.put("pool_hashrate", t.poolHashrate());
    m.put("pool_percentage", t.poolPercentage());
    m.put("estimated_time_to_block_seconds", t.estimatedTimeToBlockSeconds());
    m.put("user_hashrate", t.userHashrate());
    m.put("user_estimated_time_to_block_seconds", t.userEstimatedTimeToBlockSeconds());
    m.put("user_block_odds_24h", t.userBlockOdds24h());
    return m;
  }

  /** The figures that do not depend on a hash rate. */
  static Map<String, Object> nonHashFigures(DashboardTileData t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active_workers", t.activeWorkers());
    m.put("network_difficulty", t.networkDifficulty());
    m.put("shares_valid", t.sharesValid());
    m.put("shares_invalid", t.sharesInvalid());
    m.put("shares_stale", t.sharesStale());
    m.put("blocks_found_24h", t.blocksFound24h());
    m.put("estimated_earnings_24h", t.estimatedEarnings24h());
    m.put("currency", t.currency());
    m.put("confirmed_balance", t.confirmedBalance());
    m.put("pending_balance", t.pendingBalance());
    m.put("last_block_time", t.lastBlockTime());
    return m;
  }

  /** The figures of an error-state tile: all unknown. */
  static void assertNoFigures(DashboardTileData t) {
    assertThat(t.networkDifficulty()).isNull();
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.confirmedBalance()).isNull();
  }

  /**
   * A message a person can act on: one short line, no stack trace, no class names of the JVM or
   * of a library.
   */
  static void assertReadable(String message) {
    assertThat(message).as("message").isNotBlank().hasSizeLessThan(400).doesNotContain("\n").doesNotContain("\tat ");
    String lower = message.toLowerCase(Locale.ROOT);
    for (String noise : List.of("java.", "okhttp3.", "com.fasterxml", "exception:", "null pointer", "nullpointer")) {
      assertThat(lower).as("message %s", message).doesNotContain(noise);
    }
  }

  static void assertNames(String message, List<String> hints) {
    String lower = message.toLowerCase(Locale.ROOT);
    assertThat(hints).as("message '%s' names the fault (%s)", message, hints).anyMatch(lower::contains);
  }

  static String json(Object tiles) {
    try {
      return HmmPoolsJson.mapper().writeValueAsString(tiles);
    } catch (JsonProcessingException e) {
      throw new AssertionError("tiles cannot be written as JSON", e);
    }
  }
}
