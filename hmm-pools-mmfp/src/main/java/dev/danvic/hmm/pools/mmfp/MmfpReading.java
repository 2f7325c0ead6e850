package dev.danvic.hmm.pools.mmfp;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolBlock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
record MmfpReading(
    Source source,
    @Nullable String currency,
    @Nullable Coin coin,
    MmfpFigures figures,
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
    Instant best = figures.lastBlockTime();
    if (recentBlocks != null) {
      for (PoolBlock b : recentBlocks) {
        Instant t = b.timestamp();
        if (t != null && (best == null || t.isAfter(best))) {
          best = t;
        }
      }
    }
    return best;
  }
}
