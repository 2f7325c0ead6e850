package dev.danvic.hmm.pools.nomp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads NOMP's {@code /api/stats} into small immutable readings. Pure functions; every key is
 * optional. The counters of {@code poolStats} are strings; a worker's hash rate exists only as
 * text ({@code "4.74 TH"}: units KH…PH, no "/s"), read by {@link LenientJson#hashrateSi}.
 */
final class NompJson {
  private NompJson() {}

  /**
   * One pool of the portal.
   *
   * @param name the key of the {@code pools} map
   * @param symbol {@code symbol}, upper case
   * @param algorithm {@code algorithm}
   * @param hashrate {@code hashrate} (H/s), else {@code hashrateString} read as H/s
   * @param workerCount {@code workerCount}
   * @param validShares {@code poolStats.validShares}
   * @param invalidShares {@code poolStats.invalidShares}
   * @param validBlocks {@code poolStats.validBlocks}, all-time
   * @param totalPaid {@code poolStats.totalPaid}, coin units
   * @param networkDifficulty {@code poolStats.networkDiff} (forks only)
   * @param networkHashrate {@code poolStats.networkSols} (forks only), H/s
   * @param blocksPending {@code blocks.pending}
   * @param blocksConfirmed {@code blocks.confirmed}
   * @param blocksOrphaned {@code blocks.orphaned}
   * @param workers every worker, its name ({@code "address.worker"}) with its figures
   */
  record PoolReading(
      String name,
      @Nullable String symbol,
      @Nullable String algorithm,
      @Nullable Double hashrate,
      @Nullable Integer workerCount,
      @Nullable Long validShares,
      @Nullable Long invalidShares,
      @Nullable Long validBlocks,
      @Nullable BigDecimal totalPaid,
      @Nullable Double networkDifficulty,
      @Nullable Double networkHashrate,
      @Nullable Integer blocksPending,
      @Nullable Integer blocksConfirmed,
      @Nullable Integer blocksOrphaned,
      List<WorkerReading> workers) {
    /**
     * The address's workers: named exactly the address, or the address followed by {@code .} or
     * {@code _} and a worker name.
     *
     * @param address the payout address
     * @return its workers, in the portal's order
     */
    List<WorkerReading> workersOf(String address) {
      List<WorkerReading> out = new ArrayList<>();
      for (WorkerReading w : workers) {
        String n = w.name();
        if (n.equals(address)
            || (n.startsWith(address) && (n.charAt(address.length()) == '.' || n.charAt(address.length()) == '_'))) {
          out.add(w);
        }
      }
      return out;
    }
  }

  /**
   * One worker of {@code workers}.
   *
   * @param name {@code "address.worker"}
   * @param shares {@code shares} (difficulty-weighted; a fraction is truncated)
   * @param invalidShares {@code invalidshares}
   * @param hashrate {@code hashrateString} read as H/s
   */
  record WorkerReading(String name, @Nullable Long shares, @Nullable Long invalidShares, @Nullable Double hashrate) {}

  /**
   * @param root the body of {@code /api/stats}
   * @return the names of its {@code pools} map in order, or {@code null} when it has no such map
   */
  static @Nullable List<String> poolNames(@Nullable JsonNode root) {
    JsonNode pools = LenientJson.at(root, "pools");
    if (pools == null || !pools.isObject()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    pools.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * @param root the body of {@code /api/stats}
   * @param name a name from {@link #poolNames}
   * @return that pool
   */
  static PoolReading pool(JsonNode root, String name) {
    JsonNode p = root.get("pools").get(name);
    String symbol = LenientJson.text(LenientJson.at(p, "symbol"));
    Double hashrate = LenientJson.nonNegative(p, "hashrate");
    return new PoolReading(
        name,
        symbol == null ? null : symbol.toUpperCase(Locale.ROOT),
        LenientJson.text(LenientJson.at(p, "algorithm")),
        hashrate != null ? hashrate : LenientJson.hashrateSi(LenientJson.at(p, "hashrateString")),
        LenientJson.intCount(p, "workerCount"),
        LenientJson.count(p, "poolStats.validShares"),
        LenientJson.count(p, "poolStats.invalidShares"),
        LenientJson.count(p, "poolStats.validBlocks"),
        LenientJson.decimal(p, "poolStats.totalPaid"),
        positive(LenientJson.number(p, "poolStats.networkDiff")),
        positive(LenientJson.number(p, "poolStats.networkSols")),
        LenientJson.intCount(p, "blocks.pending"),
        LenientJson.intCount(p, "blocks.confirmed"),
        LenientJson.intCount(p, "blocks.orphaned"),
        workers(LenientJson.at(p, "workers")));
  }

  private static List<WorkerReading> workers(@Nullable JsonNode workers) {
    List<WorkerReading> out = new ArrayList<>();
    if (workers == null || !workers.isObject()) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = workers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> w = it.next();
      out.add(
          new WorkerReading(
              w.getKey(),
              LenientJson.count(w.getValue(), "shares"),
              LenientJson.count(w.getValue(), "invalidshares"),
              LenientJson.hashrateSi(LenientJson.at(w.getValue(), "hashrateString"))));
    }
    return List.copyOf(out);
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || !(v > 0) ? null : v;
  }
}
