package dev.danvic.hmm.pools.mmfp;

import static dev.danvic.hmm.pools.LenientJson.at;
import static dev.danvic.hmm.pools.LenientJson.first;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolBlock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads MMFP's JSON, every shape of it, into {@link FiguresReading} and {@link PoolReading}. Pure
 * functions; every key is optional and numbers may arrive as strings.
 */
final class MmfpJson {
  /** Hash-rate windows in order of preference: 5 min is current yet not as noisy as 1 min. */
  static final List<String> HASHRATE_WINDOWS =
      List.of("5m", "1m", "15m", "10m", "30m", "1h", "60m", "3h", "6h", "12h", "24h", "1d");

  /** Share windows in order of preference: the longest holds the most shares, the steadiest reject rate. */
  static final List<String> SHARE_WINDOWS = List.of("15m", "5m", "1m");

  /**
   * Times before Bitcoin's genesis block are "never": Go writes an unset {@code time.Time} as
   * {@code 0001-01-01T00:00:00Z} even with {@code omitempty}.
   */
  private static final Instant EARLIEST = Instant.ofEpochSecond(1_230_940_800L); // 2009-01-03T00:00:00Z
  // (seconds, not parsed text: parsing would set up java.time's formatters, dozens of classes, in
  // a fresh JVM before the first answer could be read)

  private MmfpJson() {}

  /**
   * The figures one MMFP answer gives for one coin, whatever its shape (GoSlimStratum
   * {@code metrics/pool}, the engine's {@code /api/v1/stats}, the seed's {@code /stats}). Every value
   * the server did not give is {@code null}.
   *
   * @param poolHashrate the pool's hash rate, H/s
   * @param networkDifficulty network difficulty (positive)
   * @param networkHashrate the network hash rate the server reports, H/s
   * @param poolPercentage the server's {@code pool_percentage} as written (unit checked later)
   * @param timeToBlockSeconds the server's expected time to block when written as seconds
   * @param timeToBlockText the server's expected time to block when written as text
   * @param workers the worker (or miner) count the server reports
   * @param sharesValid accepted shares
   * @param sharesInvalid rejected shares
   * @param sharesStale stale shares
   * @param blocksFoundTotal blocks found <em>all-time</em>; never a 24 h figure
   * @param lastBlockTime when the pool last found a block
   * @param blockHeight the network's current height
   */
  record FiguresReading(
      @Nullable Double poolHashrate,
      @Nullable Double networkDifficulty,
      @Nullable Double networkHashrate,
      @Nullable Double poolPercentage,
      @Nullable Double timeToBlockSeconds,
      @Nullable String timeToBlockText,
      @Nullable Integer workers,
      @Nullable Long sharesValid,
      @Nullable Long sharesInvalid,
      @Nullable Long sharesStale,
      @Nullable Long blocksFoundTotal,
      @Nullable Instant lastBlockTime,
      @Nullable Long blockHeight) {

    /** No figures at all (a server that lists no data for the coin). */
    static final FiguresReading NONE =
        new FiguresReading(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * These figures, each one this reading lacks taken from {@code other}; the time to block (seconds
     * or text) is taken as one figure.
     */
    FiguresReading orElse(FiguresReading other) {
      boolean ownTimeToBlock = timeToBlockSeconds != null || timeToBlockText != null;
      return new FiguresReading(
          poolHashrate != null ? poolHashrate : other.poolHashrate,
          networkDifficulty != null ? networkDifficulty : other.networkDifficulty,
          networkHashrate != null ? networkHashrate : other.networkHashrate,
          poolPercentage != null ? poolPercentage : other.poolPercentage,
          ownTimeToBlock ? timeToBlockSeconds : other.timeToBlockSeconds,
          ownTimeToBlock ? timeToBlockText : other.timeToBlockText,
          workers != null ? workers : other.workers,
          sharesValid != null ? sharesValid : other.sharesValid,
          sharesInvalid != null ? sharesInvalid : other.sharesInvalid,
          sharesStale != null ? sharesStale : other.sharesStale,
          blocksFoundTotal != null ? blocksFoundTotal : other.blocksFoundTotal,
          lastBlockTime != null ? lastBlockTime : other.lastBlockTime,
          blockHeight != null ? blockHeight : other.blockHeight);
    }
  }

  /**
   * Everything read from one MMFP server for one coin, before it becomes tiles or statistics.
   *
   * @param source which API shape answered
   * @param currency the coin symbol the figures are for, or {@code null} when unknown
   * @param coin the same as a {@link Coin} when it is one (for its block time), else {@code null}
   * @param figures the coin's figures
   * @param listedWorkers workers counted from a miners list, or {@code null} when no list was read
   * @param userHashrate the configured account's hash rate, H/s, or {@code null}
   * @param recentBlocks the server's recent blocks, newest first, or {@code null} when it lists none
   * @param note something the user should know about how the figures were chosen, or {@code null}
   * @param bestShareDifficulty the highest best share (plain difficulty) of the listed workers, the
   *     account's only when an account is configured; {@code null} when no worker reports one
   */
  record PoolReading(
      Source source,
      @Nullable String currency,
      @Nullable Coin coin,
      FiguresReading figures,
      @Nullable Integer listedWorkers,
      @Nullable Double userHashrate,
      @Nullable List<PoolBlock> recentBlocks,
      @Nullable String note,
      @Nullable Double bestShareDifficulty) {

    /** Which API shape answered. */
    enum Source {
      /** GoSlimStratum's {@code /api/v1/{COIN}/metrics/pool}. */
      METRICS,
      /** GoStratumEngine's {@code /api/v1/stats}: shares and blocks, no hash rate. */
      ENGINE,
      /** The seed's {@code /stats} with {@code /blocks/recent}. */
      SEED
    }

    /** @return workers from the list when one was read, else the count the server reported */
    @Nullable Integer activeWorkers() {
      return listedWorkers != null ? listedWorkers : figures.workers();
    }

    /** @return the later of the reported last block time and the newest listed block */
    @Nullable Instant lastBlockTime() {
      return FoundBlocks.later(
          figures.lastBlockTime(), recentBlocks == null ? null : FoundBlocks.lastFound(recentBlocks));
    }
  }

  /**
   * The figures of one coin object: a {@code metrics/pool} body, an engine {@code coins.SYM} entry,
   * or a seed {@code /stats} body. Each figure is read from the first of several key names.
   */
  static FiguresReading figures(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return FiguresReading.NONE;
    }
    JsonNode ettb = first(node, "network_comparison.estimated_time_to_block", "estimated_time_to_block");
    Double ettbSeconds = positive(LenientJson.number(ettb));
    String ettbText = ettbSeconds == null ? LenientJson.text(ettb) : null;
    Shares shares = shares(node);
    return new FiguresReading(
        hashrate(first(node, "hashrate", "pool_hashrate", "poolHashrate")),
        positive(LenientJson.number(node, "network_comparison.network_difficulty", "network_difficulty", "networkDifficulty")),
        positive(LenientJson.hashrateSi(first(node, "network_comparison.network_hashrate", "network_hashrate", "networkHashrate"))),
        LenientJson.nonNegative(node, "network_comparison.pool_percentage", "pool_percentage"),
        ettbSeconds,
        ettbText,
        LenientJson.intCount(node, "active_workers", "active_miners", "workers", "miners"),
        shares.valid(),
        shares.invalid(),
        shares.stale(),
        LenientJson.count(node, "blocks_found", "total_blocks", "blocksFound"),
        time(first(node, "last_block_time", "lastBlockTime")),
        LenientJson.count(node, "network_comparison.block_height", "block_height", "network_height"));
  }

  /** A hash rate in H/s from a number, an SI string, or an object of windows ({@code {"1m":…,"5m":…}}). */
  static @Nullable Double hashrate(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return LenientJson.hashrateSi(node);
    }
    for (String window : HASHRATE_WINDOWS) {
      Double v = LenientJson.hashrateSi(node.get(window));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * Valid, invalid and stale counts: all-time {@code shares{valid, invalid, stale}} (newer
   * GoSlimStratum), else the longest window of {@code shares{"15m"|"5m"|"1m": {...}}}, else the
   * engine's flat {@code shares_accepted}, {@code shares_rejected}, {@code shares_stale}.
   */
  private static Shares shares(JsonNode node) {
    JsonNode shares = at(node, "shares");
    if (shares != null && shares.isObject()) {
      JsonNode count = first(shares, "valid", "invalid", "stale", "total", "accepted", "rejected");
      if (count != null && !count.isContainerNode()) {
        return Shares.of(shares);
      }
      for (String window : SHARE_WINDOWS) {
        JsonNode w = shares.get(window);
        if (w != null && w.isObject()) {
          return Shares.of(w);
        }
      }
    }
    return new Shares(
        LenientJson.count(node, "shares_accepted", "shares_valid", "valid_shares"),
        LenientJson.count(node, "shares_rejected", "shares_invalid", "invalid_shares"),
        LenientJson.count(node, "shares_stale", "stale_shares"));
  }

  private record Shares(@Nullable Long valid, @Nullable Long invalid, @Nullable Long stale) {
    static Shares of(JsonNode counts) {
      return new Shares(
          LenientJson.count(counts, "valid", "accepted"),
          LenientJson.count(counts, "invalid", "rejected"),
          LenientJson.count(counts, "stale"));
    }
  }

  /** GoSlimStratum's {@code metrics/pool} plus the optional {@code metrics/miners}. */
  static PoolReading fromMetrics(JsonNode pool, @Nullable JsonNode miners, MmfpEndpoints target) {
    Coin coin = target.metricsCoin();
    JsonNode workers = miners == null ? null : list(miners, "workers", "miners");
    return new PoolReading(
        PoolReading.Source.METRICS,
        coin.symbol(),
        coin,
        figures(pool),
        workers == null ? null : activeWorkers(workers, target.username()),
        workers == null ? null : userHashrate(workers, target.username()),
        null,
        null,
        workers == null ? null : bestShare(workers, target.username()));
  }

  /**
   * The engine's {@code /api/v1/stats} (with its optional {@code /api/v1/miners}), or the seed's
   * {@code /stats} (with its optional {@code /blocks/recent}): {@code {pool_name, uptime_seconds,
   * coins{SYM: {...}}}}, or the same figures flat at the root, or both: the seed writes the chosen
   * coin's shares under {@code coins} and its hash rate, difficulty and workers at the root. A
   * figure the coin's entry lacks is then read from the root when the root names the chosen coin,
   * or names none and {@code coins} holds only that one.
   *
   * @param blocks the block list body; {@code null} when none was read (then blocks_found_24h stays
   *     unknown)
   * @throws HmmPoolsException when the configured coin is not among the server's coins
   */
  static PoolReading fromStats(
      PoolReading.Source source,
      JsonNode stats,
      @Nullable JsonNode miners,
      @Nullable JsonNode blocks,
      MmfpEndpoints target) {
    JsonNode coins = at(stats, "coins");
    String symbol;
    JsonNode coinNode;
    String note = null;
    boolean coinKnown;
    FiguresReading rootFigures = FiguresReading.NONE;
    if (coins != null && coins.isObject() && coins.size() > 0) {
      Map.Entry<String, JsonNode> chosen = chooseCoin(coins, target);
      symbol = chosen.getKey().toUpperCase(Locale.ROOT);
      coinNode = chosen.getValue();
      coinKnown = true;
      if (target.configuredCoin() == null && coins.size() > 1) {
        note = "showing " + symbol + " of " + symbols(coins) + "; set config coin to choose";
      }
      String rootCoin = LenientJson.text(stats, "coin", "currency", "symbol");
      if (rootCoin == null ? coins.size() == 1 : rootCoin.equalsIgnoreCase(symbol)) {
        rootFigures = figures(stats);
      }
    } else {
      String said = LenientJson.text(stats, "coin", "currency", "symbol");
      Coin configured = target.configuredCoin();
      coinKnown = configured != null || said != null;
      symbol =
          configured != null
              ? configured.symbol()
              : said != null ? said.toUpperCase(Locale.ROOT) : MmfpIntegration.DEFAULT_COIN.symbol();
      coinNode = coins == null ? stats : coins.size() == 0 ? null : stats;
    }
    Integer listed = null;
    Double bestShare = null;
    if (miners != null) {
      JsonNode byCoin = at(miners, "miners");
      JsonNode list = byCoin != null && byCoin.isObject() ? entryIgnoringCase(byCoin, symbol) : null;
      if (list != null && list.isArray()) {
        listed = activeWorkers(list, target.username()); // the engine lists connected sessions only
        bestShare = bestShare(list, target.username());
      } else if (byCoin != null && byCoin.isObject()) {
        listed = 0; // the engine lists only coins with sessions: none connected
      }
    }
    List<PoolBlock> recent = null;
    if (blocks != null) {
      JsonNode list = blockList(blocks);
      if (list != null) {
        recent = blocks(list, coinKnown ? symbol : null);
      }
    }
    return new PoolReading(
        source,
        symbol,
        Coin.find(symbol).orElse(null),
        figures(coinNode).orElse(rootFigures),
        listed,
        null,
        recent,
        note,
        bestShare);
  }

  /**
   * The configured coin when the server lists it; else, with no coin configured, the only coin,
   * else BTC when listed, else the first the server lists.
   */
  private static Map.Entry<String, JsonNode> chooseCoin(JsonNode coins, MmfpEndpoints target) {
    Coin configured = target.configuredCoin();
    String wanted = configured != null ? configured.symbol() : MmfpIntegration.DEFAULT_COIN.symbol();
    Map.Entry<String, JsonNode> firstEntry = null;
    for (Map.Entry<String, JsonNode> e : coins.properties()) {
      if (e.getKey().equalsIgnoreCase(wanted)) {
        return e;
      }
      if (firstEntry == null) {
        firstEntry = e;
      }
    }
    if (configured != null) {
      throw new HmmPoolsException(
          "MMFP at "
              + target.origin()
              + " serves "
              + symbols(coins)
              + ", not "
              + configured.symbol()
              + "; set config coin to one of them");
    }
    return firstEntry;
  }

  private static String symbols(JsonNode coins) {
    List<String> out = new ArrayList<>();
    coins.fieldNames().forEachRemaining(k -> out.add(k.toUpperCase(Locale.ROOT)));
    return String.join(", ", out);
  }

  private static @Nullable JsonNode entryIgnoringCase(JsonNode object, String key) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The blocks of a {@code /blocks/recent} body: a bare list, or a list under a usual key. */
  static @Nullable JsonNode blockList(JsonNode body) {
    return list(body, "blocks", "recent_blocks", "recent", "data");
  }

  /** The body itself when it is an array, else the first array under one of the keys. */
  private static @Nullable JsonNode list(JsonNode body, String... keys) {
    if (body.isArray()) {
      return body;
    }
    for (String key : keys) {
      JsonNode n = at(body, key);
      if (n != null && n.isArray()) {
        return n;
      }
    }
    return null;
  }

  /**
   * Workers in a {@code metrics/miners} (or engine {@code miners}) list that are not marked
   * {@code is_active: false}; with an account configured, only the account's workers (named as for
   * {@link #userHashrate}).
   */
  static int activeWorkers(JsonNode workers, @Nullable String username) {
    String account = username == null ? null : username.toLowerCase(Locale.ROOT);
    int n = 0;
    for (JsonNode w : workers) {
      if (!w.isObject() || Boolean.FALSE.equals(LenientJson.bool(w.get("is_active")))) {
        continue;
      }
      String name = LenientJson.text(w, "worker_name");
      if (account == null || (name != null && belongsTo(name.toLowerCase(Locale.ROOT), account))) {
        n++;
      }
    }
    return n;
  }

  /**
   * The summed {@code current_hashrate} of the account's active workers: those named exactly the
   * account, or the account followed by {@code .} or {@code _} and a worker name.
   *
   * @return H/s, or {@code null} when no account is configured or none of its workers reports a rate
   */
  static @Nullable Double userHashrate(JsonNode workers, @Nullable String username) {
    if (username == null) {
      return null;
    }
    String account = username.toLowerCase(Locale.ROOT);
    Double sum = null;
    for (JsonNode w : workers) {
      String name = LenientJson.text(w, "worker_name");
      if (name == null
          || Boolean.FALSE.equals(LenientJson.bool(w.get("is_active")))
          || !belongsTo(name.toLowerCase(Locale.ROOT), account)) {
        continue;
      }
      Double rate = LenientJson.hashrateSi(first(w, "current_hashrate", "hashrate"));
      if (rate != null) {
        sum = (sum == null ? 0 : sum) + rate;
      }
    }
    // absurd rates (1e308 each) add up to infinity: unknown, not a figure the tile must refuse
    return sum == null || Double.isFinite(sum) ? sum : null;
  }

  /**
   * The highest best share of the workers ({@code best_share_difficulty} of GoSlimStratum's
   * {@code metrics/miners}, {@code best_difficulty} of the engine's {@code /api/v1/miners}): of the
   * account's workers (active or not) when an account is configured, else of every worker.
   *
   * @return plain difficulty, or {@code null} when no such worker reports a positive one
   */
  static @Nullable Double bestShare(JsonNode workers, @Nullable String username) {
    String account = username == null ? null : username.toLowerCase(Locale.ROOT);
    Double best = null;
    for (JsonNode w : workers) {
      String name = LenientJson.text(w, "worker_name");
      if (account != null && (name == null || !belongsTo(name.toLowerCase(Locale.ROOT), account))) {
        continue;
      }
      Double d = positive(LenientJson.number(w, "best_share_difficulty", "best_difficulty"));
      if (d != null && (best == null || d > best)) {
        best = d;
      }
    }
    return best;
  }

  private static boolean belongsTo(String worker, String account) {
    if (!worker.startsWith(account)) {
      return false;
    }
    if (worker.length() == account.length()) {
      return true;
    }
    char sep = worker.charAt(account.length());
    return sep == '.' || sep == '_';
  }

  /**
   * Blocks from a {@code /blocks/recent} list, newest first.
   *
   * @param coin keep only blocks of this coin (and those that do not say); {@code null} keeps all
   */
  static List<PoolBlock> blocks(JsonNode list, @Nullable String coin) {
    List<PoolBlock> out = new ArrayList<>();
    for (JsonNode b : list) {
      if (!b.isObject()) {
        continue;
      }
      String currency = LenientJson.text(b, "coin", "currency", "symbol");
      if (currency != null) {
        currency = currency.toUpperCase(Locale.ROOT);
      }
      if (coin != null && currency != null && !currency.equals(coin)) {
        continue;
      }
      Boolean confirmed = LenientJson.bool(b.get("confirmed"));
      out.add(
          new PoolBlock(
              currency,
              LenientJson.count(b, "height"),
              LenientJson.text(b, "hash"),
              time(first(b, "timestamp", "time", "found_at")),
              positive(LenientJson.number(b, "network_difficulty", "networkDifficulty")),
              positive(LenientJson.number(b, "difficulty", "share_difficulty")),
              LenientJson.decimal(b, "reward"),
              LenientJson.text(b, "miner", "worker", "worker_name"),
              confirmed == null
                  ? PoolBlock.Status.UNKNOWN
                  : confirmed ? PoolBlock.Status.CONFIRMED : PoolBlock.Status.CANDIDATE));
    }
    out.sort(
        Comparator.comparing(
            PoolBlock::timestamp, Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
    return out;
  }

  /** A time in seconds, milliseconds or ISO-8601; {@code null} for "never" (Go's zero time, 0). */
  static @Nullable Instant time(@Nullable JsonNode node) {
    Instant t = LenientJson.instant(node);
    return t == null || t.isBefore(EARLIEST) ? null : t;
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || !(v > 0) ? null : v;
  }
}
