package dev.danvic.hmm.pools.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The four platform tiles: the seed's platform dashboard ({@code GET /api/dashboard/platform}),
 * computed over every enabled pool by {@link TileAggregator}, plus the additions {@code by_coin}
 * and {@code last_updated}.
 *
 * <p>A value no pool gives is {@code null}, never {@code 0}. {@link HmmPoolsJson} writes this
 * record with the seed's keys ({@code tile_1_health} &hellip; {@code tile_4_blocks}) and the
 * additions {@code by_coin} and {@code last_updated}.
 *
 * @param tile1Health tile 1: how many pools answer, and their mean latency
 * @param tile2Network tile 2: hash rate and difficulty summed, and the combined time to a block
 * @param tile3Shares tile 3: shares summed, and the share-weighted reject rate
 * @param tile4Blocks tile 4: blocks and earnings of the last 24 hours, and the currencies
 * @param byCoin per currency symbol (upper case, iterated in alphabetical order): the figures that
 *     are only meaningful within one coin's network
 * @param lastUpdated when these figures were computed (the {@code now} given to
 *     {@link TileAggregator#aggregate(java.util.Collection, Instant)}), or the newest
 *     {@code last_updated} of the pools; {@code null} when neither is known (no pools, no clock)
 */
public record PlatformTiles(
    HealthTile tile1Health,
    NetworkTile tile2Network,
    SharesTile tile3Shares,
    BlocksTile tile4Blocks,
    Map<String, CoinTotals> byCoin,
    @Nullable Instant lastUpdated) {

  /** Checks that every tile is present and copies {@code byCoin} into alphabetical order. */
  public PlatformTiles {
    Objects.requireNonNull(tile1Health, "tile_1_health");
    Objects.requireNonNull(tile2Network, "tile_2_network");
    Objects.requireNonNull(tile3Shares, "tile_3_shares");
    Objects.requireNonNull(tile4Blocks, "tile_4_blocks");
    TreeMap<String, CoinTotals> sorted = new TreeMap<>();
    byCoin.forEach(
        (coin, totals) -> {
          Objects.requireNonNull(totals, () -> "by_coin." + coin);
          if (coin.isBlank() || !coin.equals(coin.trim().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                "by_coin keys are upper-case currency symbols, was '" + coin + "'");
          }
          sorted.put(coin, totals);
        });
    byCoin = Collections.unmodifiableSortedMap(sorted);
  }

  /** The platform status of tile 1, written in JSON as {@link #jsonValue()}. */
  public enum Status {
    /** Every pool is healthy (and there is at least one). */
    HEALTHY("healthy"),
    /** Some pools are healthy, some are not. */
    DEGRADED("degraded"),
    /** No pool is healthy. */
    UNHEALTHY("unhealthy"),
    /** No pool is configured. */
    NO_POOLS("no_pools"),
    /** Every pool is still loading its first tiles (none has answered yet). */
    LOADING("loading");

    private final String jsonValue;

    Status(String jsonValue) {
      this.jsonValue = jsonValue;
    }

    /** @return the JSON text of this status, for example {@code "no_pools"} */
    public String jsonValue() {
      return jsonValue;
    }

    /**
     * The status that the counts imply.
     *
     * @param totalPools pools counted (0 or more)
     * @param healthyPools healthy ones among them
     * @return {@link #NO_POOLS} for zero pools, {@link #HEALTHY} when all are healthy,
     *     {@link #UNHEALTHY} when none is, else {@link #DEGRADED}
     */
    public static Status of(int totalPools, int healthyPools) {
      if (totalPools == 0) {
        return NO_POOLS;
      }
      if (healthyPools == totalPools) {
        return HEALTHY;
      }
      return healthyPools == 0 ? UNHEALTHY : DEGRADED;
    }

    /**
     * The status that the counts imply when some pools are still loading their first tiles.
     *
     * @param totalPools pools counted (0 or more), loading ones included
     * @param healthyPools healthy ones among them
     * @param loadingPools ones that have not answered yet
     * @return {@link #NO_POOLS} for zero pools, {@link #LOADING} when every pool is loading, else
     *     {@link #of(int, int)} over the pools that answered
     */
    public static Status of(int totalPools, int healthyPools, int loadingPools) {
      if (totalPools > 0 && loadingPools == totalPools) {
        return LOADING;
      }
      return of(totalPools - loadingPools, healthyPools);
    }

    /**
     * @param jsonValue the JSON text, for example {@code "degraded"}
     * @return the status
     * @throws IllegalArgumentException naming the accepted values when the text is not one
     */
    public static Status fromJsonValue(String jsonValue) {
      for (Status s : values()) {
        if (s.jsonValue.equals(jsonValue)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "status must be one of healthy, degraded, unhealthy, no_pools, loading; was '"
              + jsonValue
              + "'");
    }
  }

  /**
   * Tile 1: platform health.
   *
   * @param totalPools pools aggregated, healthy, unhealthy or loading
   * @param healthyPools pools whose {@code health_status} is {@code true}
   * @param unhealthyPools pools that answered and whose {@code health_status} is {@code false}
   * @param loadingPools pools still loading their first tiles ({@link PoolTileSet#loading()})
   * @param avgLatencyMs mean of the pools' non-null {@code latency_ms}, milliseconds; {@code null}
   *     when no pool reports a latency
   * @param status what the counts mean, see {@link Status#of(int, int, int)}
   * @param healthMessage for a person: which pools are not healthy and why, which are still
   *     loading ("Braiins Pool 'b1': invalid API token; loading: Solopool.org 'p2'"); {@code null} when every
   *     pool is healthy
   */
  public record HealthTile(
      int totalPools,
      int healthyPools,
      int unhealthyPools,
      int loadingPools,
      @Nullable Double avgLatencyMs,
      Status status,
      @Nullable String healthMessage) {

    /** Checks that the counts add up and agree with the status. */
    public HealthTile {
      Objects.requireNonNull(status, "status");
      if (healthyPools < 0
          || unhealthyPools < 0
          || loadingPools < 0
          || healthyPools + unhealthyPools + loadingPools != totalPools) {
        throw new IllegalArgumentException(
            "healthy_pools ("
                + healthyPools
                + ") + unhealthy_pools ("
                + unhealthyPools
                + ") + loading_pools ("
                + loadingPools
                + ") must equal total_pools ("
                + totalPools
                + ")");
      }
      if (status != Status.of(totalPools, healthyPools, loadingPools)) {
        throw new IllegalArgumentException(
            "status '"
                + status.jsonValue()
                + "' contradicts "
                + healthyPools
                + " healthy of "
                + totalPools
                + " pools (expected '"
                + Status.of(totalPools, healthyPools, loadingPools).jsonValue()
                + "')");
      }
      requireFiniteOrNull(avgLatencyMs, "avg_latency_ms");
    }

    /**
     * The tile without loading pools or message, as it was before they were added.
     *
     * @param totalPools see the record
     * @param healthyPools see the record
     * @param unhealthyPools see the record
     * @param avgLatencyMs see the record
     * @param status see the record
     */
    public HealthTile(
        int totalPools, int healthyPools, int unhealthyPools, @Nullable Double avgLatencyMs, Status status) {
      this(totalPools, healthyPools, unhealthyPools, 0, avgLatencyMs, status, null);
    }
  }

  /**
   * Tile 2: the network view.
   *
   * @param totalPoolHashrate sum of the pools' known {@code pool_hashrate}, H/s; {@code null} when
   *     no pool reports one, or when pools of more than one coin do (read {@link
   *     PlatformTiles#byCoin()})
   * @param totalNetworkDifficulty sum of the pools' known {@code network_difficulty}, as the seed has
   *     it (a sum across pools, even pools of one network, is not a difficulty of anything: read
   *     {@link PlatformTiles#byCoin()} for a meaningful one); {@code null} when no pool reports
   *     one, or when pools of more than one coin do
   * @param avgPoolPercentage mean of the pools' known {@code pool_percentage}, percent (0&ndash;100);
   *     {@code null} when no pool reports one
   * @param estimatedTimeToBlock {@code estimatedTimeToBlockSeconds} as text ("5 days")
   * @param estimatedTimeToBlockSeconds expected seconds until <em>any</em> pool finds a block:
   *     {@code 1 / sum(1 / T_i)} over the pools whose {@code estimated_time_to_block_seconds} is
   *     known; {@code null} when none is
   */
  public record NetworkTile(
      @Nullable Double totalPoolHashrate,
      @Nullable Double totalNetworkDifficulty,
      @Nullable Double avgPoolPercentage,
      @Nullable String estimatedTimeToBlock,
      @Nullable Double estimatedTimeToBlockSeconds) {

    /** Checks that every number is finite. */
    public NetworkTile {
      requireFiniteOrNull(totalPoolHashrate, "total_pool_hashrate");
      requireFiniteOrNull(totalNetworkDifficulty, "total_network_difficulty");
      requireFiniteOrNull(avgPoolPercentage, "avg_pool_percentage");
      requireFiniteOrNull(estimatedTimeToBlockSeconds, "estimated_time_to_block_seconds");
    }
  }

  /**
   * Tile 3: shares.
   *
   * @param totalValid sum of the pools' known {@code shares_valid}; {@code null} when no pool
   *     reports it
   * @param totalInvalid sum of the pools' known {@code shares_invalid}; {@code null} when no pool
   *     reports it
   * @param totalStale sum of the pools' known {@code shares_stale}; {@code null} when no pool
   *     reports it
   * @param avgRejectRate {@code (sum invalid + sum stale) / (sum valid + sum invalid + sum stale) * 100},
   *     percent (0&ndash;100), weighted by shares (not the mean of the pools' rates), over the
   *     pools that report shares as {@link TileAggregator} defines it; {@code null} when no pool
   *     does or they counted no share
   * @param bestShareDifficulty the highest of the pools' known {@code best_share_difficulty}
   *     (plain difficulty); {@code null} when no pool reports it
   * @param bestShareDifficultyEver the highest of the pools' known
   *     {@code best_share_difficulty_ever} (plain difficulty); {@code null} when no pool reports it
   */
  public record SharesTile(
      @Nullable Long totalValid,
      @Nullable Long totalInvalid,
      @Nullable Long totalStale,
      @Nullable Double avgRejectRate,
      @Nullable Double bestShareDifficulty,
      @Nullable Double bestShareDifficultyEver) {

    /** Checks that the rate and the best shares are finite. */
    public SharesTile {
      requireFiniteOrNull(avgRejectRate, "avg_reject_rate");
      requireFiniteOrNull(bestShareDifficulty, "best_share_difficulty");
      requireFiniteOrNull(bestShareDifficultyEver, "best_share_difficulty_ever");
    }

    /**
     * The tile without best shares (both {@code null}), as it was before they were added.
     *
     * @param totalValid see the record
     * @param totalInvalid see the record
     * @param totalStale see the record
     * @param avgRejectRate see the record
     */
    public SharesTile(
        @Nullable Long totalValid,
        @Nullable Long totalInvalid,
        @Nullable Long totalStale,
        @Nullable Double avgRejectRate) {
      this(totalValid, totalInvalid, totalStale, avgRejectRate, null, null);
    }
  }

  /**
   * Tile 4: blocks and earnings.
   *
   * @param totalBlocks24h sum of the pools' known {@code blocks_found_24h}; {@code null} when no
   *     pool reports it
   * @param totalEarnings24h sum of the pools' known {@code estimated_earnings_24h}, in the one
   *     currency of the pools that report earnings; {@code null} when no pool reports earnings or
   *     pools of more than one coin do (never BTC added to DGB: read {@link PlatformTiles#byCoin()}
   *     for amounts per coin, each in its currency)
   * @param currencies the pools' currency symbols, upper case, sorted, without duplicates
   */
  public record BlocksTile(
      @Nullable Integer totalBlocks24h, @Nullable BigDecimal totalEarnings24h, List<String> currencies) {

    /** Sorts the currencies and removes duplicates. */
    public BlocksTile {
      currencies = List.copyOf(new TreeSet<>(currencies));
    }
  }

  /**
   * The figures of the pools that mine one coin (one entry of {@code by_coin}).
   *
   * @param pools how many pools report this currency
   * @param poolHashrate sum of their known {@code pool_hashrate}, H/s; {@code null} when none
   *     reports one
   * @param networkDifficulty the largest of their known {@code network_difficulty}: they all see
   *     the same network, so the readings differ only when taken on either side of a difficulty
   *     change, and the largest never makes the time to a block look shorter than it is;
   *     {@code null} when none reports one
   * @param estimatedTimeToBlock {@code estimatedTimeToBlockSeconds} as text
   * @param estimatedTimeToBlockSeconds expected seconds until any of these pools finds a block of
   *     this coin, {@code 1 / sum(1 / T_i)} over their known {@code estimated_time_to_block_seconds};
   *     {@code null} when none is known
   * @param blocksFound24h sum of their known {@code blocks_found_24h}; {@code null} when none
   *     reports it
   * @param estimatedEarnings24h sum of their known {@code estimated_earnings_24h}, in this coin;
   *     {@code null} when none reports it
   */
  public record CoinTotals(
      int pools,
      @Nullable Double poolHashrate,
      @Nullable Double networkDifficulty,
      @Nullable String estimatedTimeToBlock,
      @Nullable Double estimatedTimeToBlockSeconds,
      @Nullable Integer blocksFound24h,
      @Nullable BigDecimal estimatedEarnings24h) {

    /** Checks that every number is finite. */
    public CoinTotals {
      if (pools < 1) {
        throw new IllegalArgumentException("by_coin entry must count at least one pool, was " + pools);
      }
      requireFiniteOrNull(poolHashrate, "pool_hashrate");
      requireFiniteOrNull(networkDifficulty, "network_difficulty");
      requireFiniteOrNull(estimatedTimeToBlockSeconds, "estimated_time_to_block_seconds");
    }
  }

  private static void requireFiniteOrNull(@Nullable Double v, String name) {
    if (v != null && !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, was " + v);
    }
  }
}
