package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.core.internal.PoolMessages;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns the tiles of every pool into the {@link PlatformTiles}. A pure function: no I/O, no clock
 * (the time is given, or taken from the pools' own {@code last_updated}).
 *
 * <p>Rules, applied the same way to the platform tiles and to each {@code by_coin} entry:
 * <ul>
 *   <li><b>Unknown is not zero.</b> A sum over pools is the sum of the <em>known</em> values; when no
 *       pool knows the value, the sum is {@code null}, not {@code 0}. A sum of some known values is
 *       thus a lower bound when other pools do not report the value. A sum too large for its type
 *       (absurd figures from a broken pool) is {@code null} too, so the aggregate never fails. Means ({@code avg_latency_ms},
 *       {@code avg_pool_percentage}) are over the known values only.</li>
 *   <li><b>Every pool counts, healthy or not.</b> Health decides only tile 1's counts, status and
 *       message. A pool still loading its first tiles ({@link PoolTileSet#loading()}) is counted
 *       in {@code loading_pools}, neither healthy nor unhealthy; the status is {@code loading}
 *       only when every pool is. {@code health_message} names the pools that answered unhealthy
 *       with their own message (their display name and id first), then the loading ones, at most
 *       {@value #NAMED_POOLS} of each.
 *       A failed pool's tile set ({@link DashboardTileData#error(String, Instant)}) has every value
 *       {@code null}, so it adds nothing else; a pool that is unhealthy but still measured
 *       something (the latency of its HTTP 503, say) contributes that measurement.</li>
 *   <li><b>Combined time to a block.</b> Blocks arrive as a Poisson process per pool, so rates add:
 *       {@code T = 1 / sum(1 / T_i)} over the pools whose {@code estimated_time_to_block_seconds}
 *       is known and positive ({@link MiningMath#combinedTimeToBlockSeconds(Iterable)}). A pool
 *       whose time is unknown is left out, not treated as "never".</li>
 *   <li><b>Reject rate.</b> A pool <em>reports shares</em> when its {@code shares_valid} is known
 *       and at least one of {@code shares_invalid} and {@code shares_stale} is known (the one it
 *       does not give counts as 0 for it, as in its own {@code reject_rate}). Over those pools,
 *       {@code avg_reject_rate = (sum invalid + sum stale) / (sum valid + sum invalid + sum stale) * 100}:
 *       weighted by shares, not the mean of the pools' rates. A pool that gives only accepted
 *       shares adds to {@code total_valid} but not to the rate, since a rate built on its unknown
 *       rejects would read as 0 %. {@code null} when no pool reports shares or they counted none.</li>
 *   <li><b>Best shares.</b> {@code best_share_difficulty} and {@code best_share_difficulty_ever}
 *       are the highest of the pools' known values (plain difficulty), not a sum: the figure a
 *       solo miner watches is the single best share, whichever pool it went to.</li>
 *   <li><b>Currencies.</b> A pool's {@code currency} is trimmed and upper-cased; blank counts as
 *       unknown. A pool with an unknown currency (every failed pool) is in no {@code by_coin}
 *       entry.</li>
 *   <li><b>Per coin.</b> Hash rate, blocks and earnings are summed; network difficulty is the
 *       largest reading, not a sum, since the pools of one coin share one network; the time to a
 *       block combines the pools' times as above.</li>
 *   <li><b>No sum across coins.</b> {@code total_pool_hashrate}, {@code total_network_difficulty}
 *       and {@code total_earnings_24h} are given only when every pool that reports the figure
 *       mines the same coin (then the currency of the earnings is {@code currencies}' only
 *       entry); when BTC and DGB pools both report one, the headline is {@code null} and
 *       {@code by_coin} holds the figure per coin. A pool that does not name its currency does
 *       not split the headline (and is in no {@code by_coin} entry).</li>
 *   <li><b>One account, counted once.</b> With {@link #aggregate(Collection, Instant, Map)},
 *       pools given the same account key (the service uses pool type, API origin and user name:
 *       the same account watched twice) add their figures (tiles 2&ndash;4, {@code by_coin}) once,
 *       from the first of them; tile 1 still counts every pool, since each is checked.</li>
 * </ul>
 */
public final class TileAggregator {
  private TileAggregator() {}

  /**
   * Aggregates without a clock: {@link PlatformTiles#lastUpdated()} is the newest
   * {@code last_updated} among the pools, or {@code null} when there are none.
   *
   * @param pools every enabled pool's tile set, failed pools included
   * @return the platform tiles
   * @throws IllegalArgumentException when two tile sets have the same pool id
   * @throws NullPointerException when an element is {@code null}
   */
  public static PlatformTiles aggregate(Collection<PoolTileSet> pools) {
    List<PoolTileSet> sets = checked(pools);
    Instant newest = null;
    for (PoolTileSet set : sets) {
      Instant t = set.tiles().lastUpdated();
      if (!set.loading() && (newest == null || t.isAfter(newest))) {
        newest = t;
      }
    }
    return aggregate(sets, newest, Map.of());
  }

  /**
   * Aggregates at a given time.
   *
   * @param pools every enabled pool's tile set, failed pools included
   * @param now when the aggregate is made; becomes {@link PlatformTiles#lastUpdated()}
   * @return the platform tiles
   * @throws IllegalArgumentException when two tile sets have the same pool id
   * @throws NullPointerException when an element or {@code now} is {@code null}
   */
  public static PlatformTiles aggregate(Collection<PoolTileSet> pools, Instant now) {
    Objects.requireNonNull(now, "now");
    return aggregate(checked(pools), now, Map.of());
  }

  /**
   * Aggregates at a given time, counting each account once in the totals.
   *
   * @param pools every enabled pool's tile set, failed pools included
   * @param now when the aggregate is made; becomes {@link PlatformTiles#lastUpdated()}
   * @param accountByPoolId an opaque account key per pool id; pools with equal keys are the same
   *     account watched twice and add their figures once (a pool without a key is its own account)
   * @return the platform tiles
   * @throws IllegalArgumentException when two tile sets have the same pool id
   * @throws NullPointerException when an element, {@code now} or the map is {@code null}
   */
  public static PlatformTiles aggregate(
      Collection<PoolTileSet> pools, Instant now, Map<String, String> accountByPoolId) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(accountByPoolId, "accountByPoolId");
    return aggregate(checked(pools), now, accountByPoolId);
  }

  private static List<PoolTileSet> checked(Collection<PoolTileSet> pools) {
    Set<String> ids = new HashSet<>();
    List<PoolTileSet> sets = new ArrayList<>(pools.size());
    for (PoolTileSet p : pools) {
      Objects.requireNonNull(p, "pools must not contain null");
      if (!ids.add(p.poolId())) {
        throw new IllegalArgumentException(
            "pool id '" + p.poolId() + "' appears twice; each pool may be aggregated only once");
      }
      sets.add(p);
    }
    return sets;
  }

  private static PlatformTiles aggregate(
      List<PoolTileSet> sets, @Nullable Instant lastUpdated, Map<String, String> accountByPoolId) {
    List<DashboardTileData> all = new ArrayList<>(sets.size());
    List<DashboardTileData> tiles = new ArrayList<>(sets.size()); // one per account
    Set<String> accounts = new HashSet<>();
    int healthy = 0;
    int loading = 0;
    for (PoolTileSet set : sets) {
      all.add(set.tiles());
      String account = accountByPoolId.get(set.poolId());
      if (account == null || accounts.add(account)) {
        tiles.add(set.tiles());
      }
      if (set.loading()) {
        loading++;
      } else if (set.tiles().healthStatus()) {
        healthy++;
      }
    }
    PlatformTiles.HealthTile health =
        new PlatformTiles.HealthTile(
            all.size(),
            healthy,
            all.size() - healthy - loading,
            loading,
            mean(all, DashboardTileData::latencyMs),
            PlatformTiles.Status.of(all.size(), healthy, loading),
            healthMessage(sets));

    Double ettb = combinedTimeToBlock(tiles);
    PlatformTiles.NetworkTile network =
        new PlatformTiles.NetworkTile(
            oneCoin(tiles, DashboardTileData::poolHashrate, TileAggregator::sum),
            oneCoin(tiles, DashboardTileData::networkDifficulty, TileAggregator::sum),
            mean(tiles, DashboardTileData::poolPercentage),
            MiningMath.humanDurationOrNull(ettb),
            ettb);

    PlatformTiles.SharesTile shares =
        new PlatformTiles.SharesTile(
            combine(tiles, DashboardTileData::sharesValid, TileAggregator::sum),
            combine(tiles, DashboardTileData::sharesInvalid, TileAggregator::sum),
            combine(tiles, DashboardTileData::sharesStale, TileAggregator::sum),
            rejectRate(tiles),
            combine(tiles, DashboardTileData::bestShareDifficulty, Math::max),
            combine(tiles, DashboardTileData::bestShareDifficultyEver, Math::max));

    Map<String, List<DashboardTileData>> byCurrency = new TreeMap<>();
    for (DashboardTileData t : tiles) {
      String currency = currencyOf(t);
      if (currency != null) {
        byCurrency.computeIfAbsent(currency, c -> new ArrayList<>()).add(t);
      }
    }
    PlatformTiles.BlocksTile blocks =
        new PlatformTiles.BlocksTile(
            combine(tiles, DashboardTileData::blocksFound24h, TileAggregator::sum),
            oneCoin(tiles, DashboardTileData::estimatedEarnings24h, BigDecimal::add),
            List.copyOf(byCurrency.keySet()));

    Map<String, PlatformTiles.CoinTotals> byCoin = new TreeMap<>();
    byCurrency.forEach((currency, coinTiles) -> byCoin.put(currency, coinTotals(coinTiles)));

    return new PlatformTiles(health, network, shares, blocks, byCoin, lastUpdated);
  }

  /** At most this many pools are named in the platform's health message; the rest are counted. */
  static final int NAMED_POOLS = 5;

  /**
   * Names the pools that are not healthy with their own message, then the loading ones:
   * {@code "Braiins Pool 'b1': invalid API token; loading: Solopool.org 'p2'"}; {@code null} when all are healthy.
   */
  private static @Nullable String healthMessage(List<PoolTileSet> sets) {
    List<String> unhealthy = new ArrayList<>();
    List<String> loading = new ArrayList<>();
    for (PoolTileSet set : sets) {
      String named = set.displayName() + " '" + set.poolId() + "'";
      if (set.loading()) {
        loading.add(named);
      } else if (!set.tiles().healthStatus()) {
        unhealthy.add(named + ": " + PoolMessages.withoutName(set.displayName(), set.tiles().healthMessage()));
      }
    }
    if (unhealthy.isEmpty() && loading.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(named(unhealthy, "; "));
    if (!loading.isEmpty()) {
      out.append(out.length() > 0 ? "; " : "").append("loading: ").append(named(loading, ", "));
    }
    return out.toString();
  }

  private static String named(List<String> items, String separator) {
    if (items.size() <= NAMED_POOLS) {
      return String.join(separator, items);
    }
    return String.join(separator, items.subList(0, NAMED_POOLS))
        + separator
        + "and "
        + (items.size() - NAMED_POOLS)
        + " more";
  }

  private static PlatformTiles.CoinTotals coinTotals(List<DashboardTileData> tiles) {
    Double ettb = combinedTimeToBlock(tiles);
    return new PlatformTiles.CoinTotals(
        tiles.size(),
        combine(tiles, DashboardTileData::poolHashrate, TileAggregator::sum),
        combine(tiles, DashboardTileData::networkDifficulty, Math::max),
        MiningMath.humanDurationOrNull(ettb),
        ettb,
        combine(tiles, DashboardTileData::blocksFound24h, TileAggregator::sum),
        combine(tiles, DashboardTileData::estimatedEarnings24h, BigDecimal::add));
  }

  private static @Nullable String currencyOf(DashboardTileData t) {
    String c = t.currency();
    return c == null || c.isBlank() ? null : c.trim().toUpperCase(Locale.ROOT);
  }

  private static @Nullable Double combinedTimeToBlock(List<DashboardTileData> tiles) {
    List<@Nullable Double> times = new ArrayList<>(tiles.size());
    for (DashboardTileData t : tiles) {
      times.add(t.estimatedTimeToBlockSeconds());
    }
    return MiningMath.combinedTimeToBlockSeconds(times);
  }

  private static @Nullable Double rejectRate(List<DashboardTileData> tiles) {
    // in double: a ratio needs no exact count, and sums of longs could overflow
    double rejected = 0;
    double total = 0;
    for (DashboardTileData t : tiles) {
      Long valid = t.sharesValid();
      if (valid == null || (t.sharesInvalid() == null && t.sharesStale() == null)) {
        continue;
      }
      double bad = orZero(t.sharesInvalid()) + orZero(t.sharesStale());
      rejected += bad;
      total += valid + bad;
    }
    return total > 0 ? rejected * 100.0 / total : null;
  }

  private static double orZero(@Nullable Long v) {
    return v == null ? 0 : v;
  }

  /**
   * {@link #combine} when the pools that know the value all mine one coin, else {@code null}: a
   * headline never adds a BTC figure to a DGB one.
   */
  private static <T> @Nullable T oneCoin(
      List<DashboardTileData> tiles,
      Function<DashboardTileData, @Nullable T> value,
      BinaryOperator<@Nullable T> operator) {
    Set<String> coins = new HashSet<>();
    for (DashboardTileData t : tiles) {
      if (value.apply(t) != null) {
        String c = currencyOf(t);
        if (c != null) {
          coins.add(c);
        }
      }
    }
    return coins.size() > 1 ? null : combine(tiles, value, operator);
  }

  /**
   * Combines the known values of the pools; {@code null} when no pool knows the value (a sum of
   * nothing known is unknown, not 0) or when the operator answers {@code null} (a sum too large
   * for its type: unknown, never Infinity or a wrapped negative).
   */
  private static <T> @Nullable T combine(
      List<DashboardTileData> tiles,
      Function<DashboardTileData, @Nullable T> value,
      BinaryOperator<@Nullable T> operator) {
    T result = null;
    boolean any = false;
    for (DashboardTileData t : tiles) {
      T v = value.apply(t);
      if (v != null) {
        result = any ? operator.apply(result, v) : v;
        any = true;
        if (result == null) {
          return null;
        }
      }
    }
    return result;
  }

  private static @Nullable Double sum(@Nullable Double a, @Nullable Double b) {
    double s = a + b;
    return Double.isFinite(s) ? s : null;
  }

  private static @Nullable Long sum(@Nullable Long a, @Nullable Long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? null : s; // overflow: both operands' sign differs from the sum's
  }

  private static @Nullable Integer sum(@Nullable Integer a, @Nullable Integer b) {
    long s = (long) a + b;
    return s == (int) s ? (int) s : null;
  }

  private static @Nullable Double mean(
      List<DashboardTileData> tiles, Function<DashboardTileData, @Nullable Double> value) {
    double mean = 0;
    int n = 0;
    for (DashboardTileData t : tiles) {
      Double v = value.apply(t);
      if (v != null) {
        n++;
        mean += (v - mean) / n; // a running mean: a sum of large values would overflow
      }
    }
    return n == 0 ? null : mean;
  }
}
