package dev.danvic.hmm.pools.miningcore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.HostedPools;
import dev.danvic.hmm.pools.JsonProbe;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.PublicHosts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The plugin for Miningcore ({@code pool_type} {@value #POOL_TYPE}), the open-source pool engine
 * behind many public and self-hosted pools (BTC, BCH, DGB and many more coins). No API key; the
 * account is the payout address (config {@code username}).
 *
 * <p><b>Where requests go</b> ({@link MiningcoreEndpoints}): config {@code api_base_url}
 * (recommended), else {@code http://host:api_port}, else {@code http://host:4000}.
 *
 * <p><b>Which pool.</b> A Miningcore server hosts several pools; config {@value #POOL_ID} names one
 * ({@code btc1}, …) and is read from {@code /api/pools/{id}}. Without it, {@code /api/pools} is
 * read: a server hosting exactly one pool means that one; several is an error listing their ids;
 * none is an error too.
 *
 * <p><b>Where figures come from</b> (camelCase keys; a {@code null} field is left out entirely, so
 * every key is optional):
 * <ul>
 *   <li>The pool (essential; its round trip is the latency): {@code poolStats.poolHashrate} (H/s),
 *       {@code networkStats.networkDifficulty}, pool percentage from the pool's and the network's
 *       hash rates, the time to a block ({@code D * 2^32 / H}, for SHA-256 coins only: other
 *       algorithms scale difficulty differently, so it stays {@code null}), {@code poolEffort} as a
 *       percent in the message, {@code lastPoolBlockTime}. Without an address,
 *       {@code active_workers} is {@code poolStats.connectedMiners}.</li>
 *   <li>{@code /api/pools/{id}/blocks?page=0&pageSize=20}: statuses {@code pending},
 *       {@code confirmed}, {@code orphaned} (lower case) read into {@link PoolBlock}s; the next
 *       page is read while a full page's oldest block is still within 24 h (at most 5 pages, 100
 *       blocks; the message says when that was not enough), so a pool finding a block every 75 s
 *       is counted whole; {@code blocks_found_24h} and {@code last_block_time} by
 *       {@link FoundBlocks}' rule, the later of the list's newest and
 *       {@code lastPoolBlockTime}.</li>
 *   <li>{@code /api/pools/{id}/miners/{address}} (sent once: its 204 must be seen):
 *       {@code active_workers} = the workers listed in {@code performance.workers}, the user's hash
 *       rate = their {@code hashrate} summed, {@code pending_balance} = {@code pendingBalance};
 *       {@code estimated_earnings_24h} stays {@code null} ({@code todayPaid} is payouts made
 *       today, not earnings). An unknown miner answers
 *       204 or an empty body (some servers 404): the tile stays readable with the pool's figures,
 *       the user's {@code null}, and says so.</li>
 * </ul>
 *
 * <p><b>Capabilities.</b> {@link #recentBlocks} (the newest 20 blocks) and {@link #stats}.
 *
 * <p><b>Detection.</b> The domains of known hosted pools are refused offline; any other host is
 * probed once with {@code GET http://host:4000/api/pools}, without credentials, and is Miningcore
 * when it answers a {@code pools[]} array.
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class MiningcoreIntegration implements BasePoolIntegration {
  /**
   * How often the block list ({@code /api/pools/{id}/blocks}) is fetched: every 2 minutes (core
   * keeps the answer in between).
   */
  public static final Duration BLOCKS_REFRESH = Duration.ofMinutes(2);

  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "miningcore";

  /** Config key: the id of the pool on the server ({@code btc1}, …); see {@link HostedPools}. */
  public static final String POOL_ID = HostedPools.POOL_ID;

  private static final String SERVER = "this Miningcore server";

  private static final String DISPLAY_NAME = "Miningcore";


  /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
  public MiningcoreIntegration() {}

  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  @Override
  public String displayName() {
    return DISPLAY_NAME;
  }

  /** @return Miningcore's API documentation */
  @Override
  public URI documentationUrl() {
    return URI.create("https://github.com/oliverw/miningcore/wiki/API");
  }

  /** @return the SHA-256 coins the dashboard knows; a server may host any coin Miningcore supports */
  @Override
  public List<String> supportedCoins() {
    return List.of("BTC", "BCH", "DGB");
  }

  /** @return {@code false}: Miningcore's API is public */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /** @return {@code false}: the API's {@code todayPaid} is payouts made today, not earnings */
  @Override
  public boolean supportsEarnings() {
    return false;
  }

  /** @return {@code true}: the pending balance */
  @Override
  public boolean supportsBalance() {
    return true;
  }

  /**
   * @param pool a configuration of this plugin
   * @return whether its tiles can carry balances: only with the account's address ({@code username})
   */
  @Override
  public boolean supportsBalance(PoolConfig pool) {
    return pool.username() != null; // a blank username is null in PoolConfig
  }

  /**
   * @param endpoint the normalised endpoint
   * @return {@link OfflineVerdict#NO_MATCH} for a known hosted pool's domain, else
   *     {@link OfflineVerdict#UNKNOWN} (probed)
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return PublicHosts.isHostedPoolOtherThan(endpoint) ? OfflineVerdict.NO_MATCH : OfflineVerdict.UNKNOWN;
  }

  /**
   * Probes {@code http://host:4000/api/pools}, without credentials.
   *
   * @param endpoint the endpoint
   * @param context HTTP, JSON and time
   * @return whether it answers Miningcore's {@code pools[]}; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    return JsonProbe.answers(context, MiningcoreEndpoints.probeOrigin(endpoint) + MiningcoreEndpoints.POOLS, json -> MiningcoreJson.pools(json) != null);
  }

  /**
   * One request without retries ({@code /api/pools/{id}}, or {@code /api/pools} without
   * {@value #POOL_ID}): healthy when the pool is found; its connected miners are the active
   * workers.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    try {
      return resolve(pool, context, once(context))
          .thenApply(
              a -> new PoolHealthStatus(true, a.latencyMs(), null, a.reading().miners(), context.now()))
          .exceptionally(e -> PoolHealthStatus.unhealthy(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(PoolHealthStatus.unhealthy(Failures.describe(e), context.now()));
    }
  }

  /**
   * Reads the pool, then its blocks and (with an address) the miner in parallel (see the class
   * documentation).
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set when the pool cannot be read; never fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    // error tiles too say what this pool supports
    boolean earnings = supportsEarnings(pool);
    boolean balance = supportsBalance(pool);
    return readTiles(pool, context)
        .thenApply(t -> t.toBuilder().supportsEarnings(earnings).supportsBalance(balance).build());
  }

  private CompletableFuture<DashboardTileData> readTiles(PoolConfig pool, PoolContext context) {
    Instant started = context.now();
    try {
      String address = pool.username() == null ? "" : pool.username().trim();
      List<String> notes = new CopyOnWriteArrayList<>();
      return resolve(pool, context, context::getJson)
          .thenCompose(
              a -> {
                CompletableFuture<@Nullable List<PoolBlock>> blocks =
                    blocksOfLastDay(a, context, notes)
                        .<@Nullable List<PoolBlock>>thenApply(l -> l)
                        .exceptionally(
                            e -> {
                              notes.add("block list unavailable (" + describe(e) + ")");
                              return null;
                            });
                CompletableFuture<MinerAnswer> miner =
                    address.isEmpty()
                        ? CompletableFuture.completedFuture(new MinerAnswer(MiningcoreTiles.MinerOutcome.NOT_ASKED, null))
                        : miner(a, address, context)
                            .exceptionally(
                                e -> {
                                  notes.add("account figures unavailable (" + describe(e) + ")");
                                  return new MinerAnswer(MiningcoreTiles.MinerOutcome.FAILED, null);
                                });
                return blocks.thenCombine(
                    miner,
                    (b, m) ->
                        MiningcoreTiles.tiles(
                            a.reading(), b, m.outcome(), m.reading(), a.latencyMs(), List.copyOf(notes), context.now()));
              })
          .exceptionally(e -> DashboardTileData.error(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(DashboardTileData.error(Failures.describe(e), started));
    }
  }

  /**
   * The pool's newest blocks ({@code /api/pools/{id}/blocks}, 20), newest first.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the blocks; fails with the API's failure or a {@value #POOL_ID} that cannot be chosen
   */
  @Override
  public CompletableFuture<List<PoolBlock>> recentBlocks(PoolConfig pool, PoolContext context) {
    try {
      return resolve(pool, context, context::getJson).thenCompose(a -> blocks(a, context));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Pool-wide statistics from the pool's object: hash rates, network difficulty and height,
   * connected miners ({@link PoolStats#activeMiners()}), {@code totalBlocks} (all-time), last block
   * time and {@code poolFeePercent}.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the statistics; fails with the API's failure
   */
  @Override
  public CompletableFuture<PoolStats> stats(PoolConfig pool, PoolContext context) {
    try {
      return resolve(pool, context, context::getJson).thenApply(a -> MiningcoreTiles.stats(a.reading()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The pool the configuration names, where it is served, and the round trip of reading it. */
  private record PoolAnswer(String origin, String id, MiningcoreJson.PoolReading reading, double latencyMs) {}

  /** The miner request's outcome and, when known, its figures. */
  private record MinerAnswer(MiningcoreTiles.MinerOutcome outcome, MiningcoreJson.@Nullable MinerReading reading) {}

  /** A GET sent once, its 2xx body parsed; for the health check. */
  private static Function<PoolRequest, CompletableFuture<JsonNode>> once(PoolContext context) {
    return request ->
        context.send(request).thenApply(r -> context.readJson(r.requireSuccess(request.safeUrl())));
  }

  /**
   * Finds the pool: {@code /api/pools/{pool_id}}, or without {@value #POOL_ID} the only pool of
   * {@code /api/pools}.
   */
  private static CompletableFuture<PoolAnswer> resolve(
      PoolConfig pool, PoolContext context, Function<PoolRequest, CompletableFuture<JsonNode>> get) {
    String origin = MiningcoreEndpoints.apiOrigin(pool);
    String id = HostedPools.configured(pool);
    long sent = System.nanoTime();
    if (id != null) {
      PoolRequest request = PoolRequest.get(origin + MiningcoreEndpoints.pool(id));
      return Failures.guard(() -> get.apply(request))
          .exceptionally(
              e -> {
                if (Failures.unwrap(e) instanceof PoolApiException pe && pe.kind() == PoolApiException.Kind.NOT_FOUND) {
                  throw new PoolApiException(
                      PoolApiException.Kind.NOT_FOUND,
                      404,
                      request.safeUrl(),
                      SERVER + " has no pool '" + id + "' (config " + POOL_ID + ")");
                }
                throw new java.util.concurrent.CompletionException(Failures.unwrap(e));
              })
          .thenApply(
              json -> {
                JsonNode object = LenientJson.at(json, "pool");
                if (object == null || !object.isObject()) {
                  throw malformed(request, "{pool: {…}}");
                }
                return new PoolAnswer(origin, id, MiningcoreJson.pool(object), elapsedMs(sent));
              });
    }
    PoolRequest request = PoolRequest.get(origin + MiningcoreEndpoints.POOLS);
    return Failures.guard(() -> get.apply(request))
        .thenApply(
            json -> {
              List<JsonNode> pools = MiningcoreJson.pools(json);
              if (pools == null) {
                throw malformed(request, "{pools: […]}");
              }
              List<String> ids = new java.util.ArrayList<>();
              for (JsonNode p : pools) {
                String pid = MiningcoreJson.id(p);
                if (pid != null) {
                  ids.add(pid);
                }
              }
              String chosen = HostedPools.choose(null, ids, SERVER);
              JsonNode only = pools.stream().filter(p -> chosen.equals(MiningcoreJson.id(p))).findFirst().orElseThrow();
              return new PoolAnswer(origin, chosen, MiningcoreJson.pool(only), elapsedMs(sent));
            });
  }

  private static CompletableFuture<List<PoolBlock>> blocks(PoolAnswer a, PoolContext context) {
    return blockPage(a, 0, context);
  }

  private static CompletableFuture<List<PoolBlock>> blockPage(PoolAnswer a, int page, PoolContext context) {
    return Failures.guard(() -> context.getJson(PoolRequest.get(a.origin() + MiningcoreEndpoints.blocks(a.id(), page)).withRefreshInterval(BLOCKS_REFRESH)))
        .thenApply(json -> MiningcoreJson.blocks(json, a.reading().coin()));
  }

  /**
   * The newest page of blocks, and the next ones while a full page's oldest block is still within
   * 24 h, at most {@link MiningcoreEndpoints#MAX_BLOCK_PAGES} pages; a block seen on an earlier page
   * (the list moved on between requests) is counted once. A page that fails fails the list.
   */
  private static CompletableFuture<List<PoolBlock>> blocksOfLastDay(
      PoolAnswer a, PoolContext context, List<String> notes) {
    return blockPage(a, 0, context).thenCompose(first -> nextPages(a, context, notes, new ArrayList<>(first), first, 1));
  }

  private static CompletableFuture<List<PoolBlock>> nextPages(
      PoolAnswer a, PoolContext context, List<String> notes, List<PoolBlock> all, List<PoolBlock> last, int next) {
    if (last.size() < MiningcoreEndpoints.BLOCK_PAGE_SIZE || !oldestWithinDay(last, context.now())) {
      return CompletableFuture.completedFuture(all);
    }
    if (next >= MiningcoreEndpoints.MAX_BLOCK_PAGES) {
      notes.add("blocks in 24 h counted from the newest " + all.size() + " blocks only");
      return CompletableFuture.completedFuture(all);
    }
    return blockPage(a, next, context)
        .thenCompose(
            page -> {
              for (PoolBlock b : page) {
                if (all.stream().noneMatch(seen -> sameBlock(seen, b))) {
                  all.add(b);
                }
              }
              return nextPages(a, context, notes, all, page, next + 1);
            });
  }

  /** Whether the page's oldest dated block is less than 24 h old. */
  private static boolean oldestWithinDay(List<PoolBlock> page, Instant now) {
    Instant oldest = null;
    for (PoolBlock b : page) {
      if (b.timestamp() != null && (oldest == null || b.timestamp().isBefore(oldest))) {
        oldest = b.timestamp();
      }
    }
    return oldest != null && oldest.isAfter(now.minus(FoundBlocks.WINDOW));
  }

  private static boolean sameBlock(PoolBlock x, PoolBlock y) {
    return x.height() != null && x.height().equals(y.height()) && java.util.Objects.equals(x.hash(), y.hash());
  }

  /** Sent once: a 204, an empty body or a 404 means the pool has no share from the address yet. */
  private static CompletableFuture<MinerAnswer> miner(PoolAnswer a, String address, PoolContext context) {
    PoolRequest request = PoolRequest.get(a.origin() + MiningcoreEndpoints.miner(a.id(), address));
    return Failures.guard(() -> context.send(request))
        .thenApply(
            r -> {
              if (r.status() == 204 || r.status() == 404 || (r.isSuccessful() && r.body().isBlank())) {
                return new MinerAnswer(MiningcoreTiles.MinerOutcome.UNKNOWN_MINER, null);
              }
              JsonNode json = context.readJson(r.requireSuccess(request.safeUrl()));
              return new MinerAnswer(MiningcoreTiles.MinerOutcome.KNOWN, MiningcoreJson.miner(json));
            });
  }

  private static PoolApiException malformed(PoolRequest request, String expected) {
    return new PoolApiException(
        PoolApiException.Kind.MALFORMED_RESPONSE, 200, request.safeUrl(), "expected " + expected + " from " + request.safeUrl());
  }

  private static double elapsedMs(long sentNanos) {
    return Math.max(0, (System.nanoTime() - sentNanos) / 1e6);
  }

  private static String describe(Throwable e) {
    return DISPLAY_NAME + ": " + Failures.describe(e);
  }
}
