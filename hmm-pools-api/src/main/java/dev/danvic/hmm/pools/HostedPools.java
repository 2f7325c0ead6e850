package dev.danvic.hmm.pools;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rule for servers that host several pools (Miningcore, NOMP): config {@value #POOL_ID} names
 * one; when it is absent and the server hosts exactly one, that one is used; otherwise a clear
 * error lists the ids the server has.
 */
public final class HostedPools {
  /** Config key: the id (or name) of the pool on a server that hosts several. */
  public static final String POOL_ID = "pool_id";

  /** How many ids an error message lists at most. */
  private static final int MAX_LISTED = 20;

  private HostedPools() {}

  /**
   * @param config the pool's configuration
   * @return its {@value #POOL_ID}, trimmed, or {@code null} when absent or blank
   */
  public static @Nullable String configured(PoolConfig config) {
    return config.configValue(POOL_ID).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
  }

  /**
   * @param configured the configured id ({@link #configured}), or {@code null}
   * @param ids the ids the server hosts, in its order
   * @param server what the server is, for the message ("this Miningcore server")
   * @return the id to read
   * @throws InvalidPoolConfigException naming {@value #POOL_ID}: the configured id is not hosted,
   *     or none is configured and the server hosts none or several (their ids listed)
   */
  public static String choose(@Nullable String configured, List<String> ids, String server) {
    if (configured != null) {
      if (ids.contains(configured)) {
        return configured;
      }
      throw new InvalidPoolConfigException(
          POOL_ID, server + " has no pool '" + configured + "'" + (ids.isEmpty() ? "" : "; it hosts " + list(ids)));
    }
    if (ids.size() == 1) {
      return ids.get(0);
    }
    throw new InvalidPoolConfigException(
        POOL_ID,
        ids.isEmpty()
            ? server + " hosts no pool"
            : "not set, and " + server + " hosts " + ids.size() + " pools: " + list(ids) + "; set " + POOL_ID
                + " to one of them");
  }

  private static String list(List<String> ids) {
    return ids.size() <= MAX_LISTED
        ? String.join(", ", ids)
        : String.join(", ", ids.subList(0, MAX_LISTED)) + ", … (" + ids.size() + " in all)";
  }
}
