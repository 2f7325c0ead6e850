package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.PoolContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the network's figures (difficulty, network hash rate) of one coin come from when a pool does
 * not report them. Chosen per coin with {@link DashboardPoolService.Builder#networkSource(String,
 * NetworkSource)}; the default for every coin is {@link #siblingPools()}.
 *
 * <p>The built-in sources:
 * <ul>
 *   <li>{@link #siblingPools()}: the most recent difficulty another watched pool of the same coin
 *       reported. No request of its own.
 *   <li>{@link BitcoinNodeSource}: the user's own node over Bitcoin Core compatible JSON-RPC
 *       ({@code getmininginfo}, falling back to {@code getblockchaininfo}); Bitcoin, Bitcoin Cash
 *       and DigiByte nodes.
 *   <li>{@link MempoolExplorerSource}: a mempool-style explorer's REST API (a self-hosted mempool).
 * </ul>
 *
 * <p>The service calls {@link #fetch} at most once per coin per network TTL (default 5 minutes;
 * a failure is kept for the error TTL), through the application's one transport, within the
 * per-pool deadline. A source that fails never fails a tile: the figures stay {@code null} and the
 * reason shows in {@link DashboardPoolService#networkStatus()}.
 */
public interface NetworkSource {
  /** {@link #kind()} of {@link #siblingPools()}. */
  String SIBLING = "sibling";
  /** {@link #kind()} of a {@link BitcoinNodeSource}. */
  String NODE = "node";
  /** {@link #kind()} of a {@link MempoolExplorerSource}. */
  String EXPLORER = "explorer";

  /**
   * @return the default source: the most recent network difficulty another watched pool of the
   *     same coin reported itself (never a figure that was filled in)
   */
  static NetworkSource siblingPools() {
    return SiblingPools.INSTANCE;
  }

  /** @return a short name of the kind of source, such as {@code "node"}; shown on tiles */
  String kind();

  /** @return where the figures come from, for a person; never a secret */
  String description();

  /**
   * Reads the coin's current figures. Runs at most once per coin per TTL; must not block.
   *
   * @param coin the coin symbol in upper case, for example {@code "BTC"}
   * @param http the transport's context for this read (its deadline is the per-pool deadline)
   * @return the figures; a failed future when the source cannot give them (its message, with any
   *     {@link #secretValues()} replaced, is shown on {@code /health})
   */
  CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http);

  /**
   * @return values that must never appear in a message about this source (a password); they are
   *     replaced by {@code [redacted]}
   */
  default List<String> secretValues() {
    return List.of();
  }
}
