package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.core.BitcoinNodeSource;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.MempoolExplorerSource;
import dev.danvic.hmm.pools.core.NetworkSource;
import dev.danvic.hmm.pools.core.NetworkSourceStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the server takes each coin's network figures from, when a pool does not report them: the
 * command-line options and environment variables below, turned into
 * {@link DashboardPoolService.Builder#networkSource} calls.
 *
 * <table>
 *   <caption>options</caption>
 *   <tr><th>option</th><th>environment</th><th>meaning</th></tr>
 *   <tr><td>{@code --network-source COIN=KIND} (repeatable)</td><td>{@code HMM_POOLS_NETWORK_SOURCES}
 *       ({@code BTC=node,DGB=sibling})</td><td>KIND is {@code sibling} (default), {@code node} or
 *       {@code explorer}</td></tr>
 *   <tr><td>{@code --node-url URL}</td><td>{@code HMM_POOLS_NODE_URL}</td><td>the node's JSON-RPC URL</td></tr>
 *   <tr><td>{@code --node-user USER}</td><td>{@code HMM_POOLS_NODE_USER}</td><td>RPC user</td></tr>
 *   <tr><td>(environment only)</td><td>{@code HMM_POOLS_NODE_PASSWORD}</td><td>RPC password (a secret:
 *       never on the command line, where other users' {@code ps} sees it)</td></tr>
 *   <tr><td>{@code --node-cookie PATH}</td><td>{@code HMM_POOLS_NODE_COOKIE}</td><td>the node's
 *       {@code .cookie} file, instead of user and password</td></tr>
 *   <tr><td>{@code --explorer-url URL}</td><td>{@code HMM_POOLS_EXPLORER_URL}</td><td>a mempool
 *       explorer's base URL</td></tr>
 * </table>
 *
 * The command line wins over the environment. {@link #toString()} never shows the password.
 */
final class NetworkOptions {
  static final List<String> OPTIONS =
      List.of("--network-source", "--node-url", "--node-user", "--node-cookie", "--explorer-url");
  private static final Pattern COIN = Pattern.compile("[A-Za-z0-9]{2,10}");

  /** coin (upper case) to kind */
  final Map<String, String> kinds = new LinkedHashMap<>();
  @Nullable String nodeUrl;
  @Nullable String nodeUser;
  @Nullable String nodePassword;
  @Nullable String nodeCookie;
  @Nullable String explorerUrl;

  private NetworkOptions() {}

  /**
   * @param env the environment
   * @return the options its variables set; flags then override them through {@link #set}
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  static NetworkOptions fromEnvironment(Map<String, String> env) {
    NetworkOptions o = new NetworkOptions();
    String envKinds = blankToNull(env.get("HMM_POOLS_NETWORK_SOURCES"));
    if (envKinds != null) {
      for (String entry : envKinds.split(",")) {
        o.kind(entry.trim(), "HMM_POOLS_NETWORK_SOURCES");
      }
    }
    o.nodeUrl = blankToNull(env.get("HMM_POOLS_NODE_URL"));
    o.nodeUser = blankToNull(env.get("HMM_POOLS_NODE_USER"));
    o.nodePassword = blankToNull(env.get("HMM_POOLS_NODE_PASSWORD"));
    o.nodeCookie = blankToNull(env.get("HMM_POOLS_NODE_COOKIE"));
    o.explorerUrl = blankToNull(env.get("HMM_POOLS_EXPLORER_URL"));
    return o;
  }

  /**
   * @param option an option name
   * @return whether it is one of {@link #OPTIONS}
   * @throws IllegalArgumentException for {@code --node-password}, which is refused on purpose
   */
  static boolean isOption(String option) {
    if (option.equals("--node-password")) {
      throw new IllegalArgumentException(
          "--node-password is not an option: set HMM_POOLS_NODE_PASSWORD, or use --node-cookie");
    }
    return OPTIONS.contains(option);
  }

  /**
   * @param option one of {@link #OPTIONS}
   * @param value its value from the command line
   */
  void set(String option, String value) {
    switch (option) {
      case "--network-source" -> kind(value, option);
      case "--node-url" -> nodeUrl = value;
      case "--node-user" -> nodeUser = value;
      case "--node-cookie" -> nodeCookie = value;
      default -> explorerUrl = value;
    }
  }

  /**
   * @throws IllegalArgumentException when a chosen source lacks what it needs (at start, not at
   *     the first read)
   */
  void validate() {
    sources();
  }

  /**
   * @param b the dashboard service's builder
   * @return the builder with a source for every coin that does not use the sibling pools
   */
  DashboardPoolService.Builder apply(DashboardPoolService.Builder b) {
    sources().forEach(b::networkSource);
    return b;
  }

  /** @return coin to source, for the coins that were given one */
  Map<String, NetworkSource> sources() {
    Map<String, NetworkSource> out = new LinkedHashMap<>();
    NetworkSource node = null;
    NetworkSource explorer = null;
    for (Map.Entry<String, String> e : kinds.entrySet()) {
      switch (e.getValue()) {
        case "node" -> {
          if (node == null) {
            node = node();
          }
          out.put(e.getKey(), node);
        }
        case "explorer" -> {
          if (!e.getKey().equals("BTC")) {
            throw new IllegalArgumentException(
                e.getKey() + "=explorer: a mempool explorer gives Bitcoin's figures only; use node or sibling");
          }
          if (explorerUrl == null) {
            throw new IllegalArgumentException(
                e.getKey() + "=explorer needs --explorer-url (or HMM_POOLS_EXPLORER_URL)");
          }
          if (explorer == null) {
            explorer = MempoolExplorerSource.of(explorerUrl);
          }
          out.put(e.getKey(), explorer);
        }
        default -> out.put(e.getKey(), NetworkSource.siblingPools());
      }
    }
    return out;
  }

  private NetworkSource node() {
    if (nodeUrl == null) {
      throw new IllegalArgumentException("a node source needs --node-url (or HMM_POOLS_NODE_URL)");
    }
    try {
      BitcoinNodeSource.Builder b = BitcoinNodeSource.builder(nodeUrl);
      if (nodeCookie != null) {
        b.cookieFile(Path.of(nodeCookie));
      } else if (nodeUser != null && nodePassword != null) {
        b.credentials(nodeUser, nodePassword);
      } else if (nodeUser != null || nodePassword != null) {
        throw new IllegalArgumentException(
            "a node needs both --node-user and HMM_POOLS_NODE_PASSWORD, or --node-cookie");
      }
      return b.build();
    } catch (InvalidPoolConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private void kind(String entry, String option) {
    int eq = entry.indexOf('=');
    String coin = eq < 0 ? "" : entry.substring(0, eq).trim();
    String kind = eq < 0 ? "" : entry.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
    if (!COIN.matcher(coin).matches()) {
      throw new IllegalArgumentException(option + " takes COIN=KIND (for example BTC=node), was '" + entry + "'");
    }
    if (!List.of(NetworkSource.SIBLING, NetworkSource.NODE, NetworkSource.EXPLORER).contains(kind)) {
      throw new IllegalArgumentException(
          option + ": the source of " + coin + " must be sibling, node or explorer, was '" + kind + "'");
    }
    kinds.put(coin.toUpperCase(Locale.ROOT), kind);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * @param statuses the service's {@link DashboardPoolService#networkStatus()}
   * @return the {@code network} entry of {@code /health}: per coin its source, last value, age and
   *     error (the statuses hold no secret)
   */
  static List<Map<String, Object>> health(List<NetworkSourceStatus> statuses) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (NetworkSourceStatus s : statuses) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("coin", s.coin());
      m.put("source", s.source());
      m.put("description", s.description());
      m.put("network_difficulty", s.difficulty());
      m.put("network_hashrate", s.networkHashrate());
      m.put("observed_at", s.observedAt() == null ? null : s.observedAt().toString());
      m.put("age_seconds", s.ageSeconds());
      m.put("error", s.error());
      out.add(m);
    }
    return out;
  }

  @Override
  public String toString() {
    return "NetworkOptions[" + kinds + ", node=" + nodeUrl + ", user=" + nodeUser
        + (nodePassword == null ? "" : ", password=[redacted]") + ", cookie=" + nodeCookie
        + ", explorer=" + explorerUrl + "]";
  }
}
