package dev.danvic.hmm.pools.solopool;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What the Solopool plugin knows about Solopool's servers, as data: which coin each stratum
 * {@code host:port} serves, where each coin's HTTP API lives, and in which unit each coin's API
 * writes amounts. Immutable and thread-safe.
 *
 * <p>{@link #defaults()} holds the published table:
 * <ul>
 *   <li>coin hosts {@code dgb-sha|btc|bch|bc2.solopool.org}, stratum ports 3333 DGB, 3334 BTC,
 *       3335 BCH, 3336 BC2 and the second ports 8033 DGB, 8034 BTC, 8035 BCH, 8036 BC2 (each on
 *       its coin's host);</li>
 *   <li>regional hosts {@code eu1|us1|eu2|eu3.solopool.org}, ports 8001 BC2, 8002 BCH, 8004 DGB,
 *       8005 BTC;</li>
 *   <li>API origins {@code https://btc.solopool.org}, {@code https://bch.solopool.org},
 *       {@code https://dgb-sha.solopool.org}, {@code https://bc2.solopool.org};</li>
 *   <li>amounts (block rewards, balances, earnings) in units of 10<sup>-9</sup> coin for DGB. The
 *       unit for BTC, BCH and BC2 is not verified, so their amounts stay unknown ({@code null})
 *       until a user who has checked it sets {@link Builder#amountDecimals(Coin, int)}.</li>
 * </ul>
 *
 * <p>A user extends it when Solopool opens a region or a port before this library knows it:
 *
 * <pre>{@code
 * SolopoolEndpoints table = SolopoolEndpoints.defaults().toBuilder()
 *     .add("asia1.solopool.org", 8005, Coin.BTC)
 *     .build();
 * BasePoolIntegration plugin = SolopoolIntegration.withEndpoints(table);
 * }</pre>
 *
 * <p>Host names are matched whole (after lower-casing and dropping a trailing dot), never as
 * substrings: {@code btc.solopool.org.example.com} is not {@code btc.solopool.org}.
 */
public final class SolopoolEndpoints {
  /** The domain whose hosts belong to Solopool. */
  public static final String DOMAIN = "solopool.org";

  private static final SolopoolEndpoints DEFAULTS = buildDefaults();

  /** host to (port to coin); both levels sorted, unmodifiable. */
  private final Map<String, Map<Integer, Coin>> byHost;
  private final Map<Coin, String> apiOrigins;
  private final Map<Coin, Integer> amountDecimals;

  private SolopoolEndpoints(Builder b) {
    Map<String, Map<Integer, Coin>> hosts = new TreeMap<>();
    b.byHost.forEach(
        (host, ports) -> {
          if (!ports.isEmpty()) {
            hosts.put(host, Collections.unmodifiableMap(new TreeMap<>(ports)));
          }
        });
    this.byHost = Collections.unmodifiableMap(hosts);
    this.apiOrigins = Collections.unmodifiableMap(new EnumMap<>(b.apiOrigins));
    this.amountDecimals = Collections.unmodifiableMap(new EnumMap<>(b.amountDecimals));
  }

  /** @return the table as Solopool publishes it (see the class documentation) */
  public static SolopoolEndpoints defaults() {
    return DEFAULTS;
  }

  /** @return a builder with an empty table: no hosts, no API origins, no amount units */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this table, to add to or change it */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return every {@code host:port} entry, sorted by host, then port */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    byHost.forEach((host, ports) -> ports.forEach((port, coin) -> out.add(new Entry(host, port, coin))));
    return Collections.unmodifiableList(out);
  }

  /**
   * @param endpoint a normalised endpoint
   * @return the coin served at exactly this host and port, or empty when the table has no entry
   */
  public Optional<Coin> coinAt(PoolEndpoint endpoint) {
    Map<Integer, Coin> ports = byHost.get(endpoint.host());
    return ports == null ? Optional.empty() : Optional.ofNullable(ports.get(endpoint.port()));
  }

  /**
   * The coin of a host that serves one coin only, on whatever port: {@code btc.solopool.org} is BTC,
   * while a regional host such as {@code eu1.solopool.org} serves several and answers empty.
   *
   * @param host a host name, any case
   * @return the host's single coin, or empty when the host is unknown or serves several coins
   */
  public Optional<Coin> coinOfHost(String host) {
    Map<Integer, Coin> ports = byHost.get(normaliseHost(host));
    if (ports == null) {
      return Optional.empty();
    }
    return single(ports.values());
  }

  /**
   * The coin a stratum port stands for across the whole table, when every entry with that port
   * agrees (in the default table every port names one coin).
   *
   * @param port a stratum port
   * @return the port's single coin, or empty when no entry has the port or entries disagree
   */
  public Optional<Coin> coinOfPort(int port) {
    List<Coin> coins = new ArrayList<>();
    byHost.values().forEach(ports -> {
      Coin c = ports.get(port);
      if (c != null) {
        coins.add(c);
      }
    });
    return single(coins);
  }

  /**
   * @param host a host name, any case
   * @return whether the table has at least one entry for the host
   */
  public boolean knowsHost(String host) {
    return byHost.containsKey(normaliseHost(host));
  }

  /**
   * @param coin a coin
   * @return the origin ({@code scheme://host[:port]}, no trailing slash) of the coin's HTTP API, or
   *     empty when the table has none
   */
  public Optional<String> apiOrigin(Coin coin) {
    return Optional.ofNullable(apiOrigins.get(coin));
  }

  /**
   * @param coin a coin
   * @return how many decimal places the coin's API amounts are shifted by (9 means an integer in
   *     units of 10<sup>-9</sup> coin), or empty when the unit is not known
   */
  public OptionalInt amountDecimals(Coin coin) {
    Integer d = amountDecimals.get(coin);
    return d == null ? OptionalInt.empty() : OptionalInt.of(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SolopoolEndpoints
        && byHost.equals(((SolopoolEndpoints) o).byHost)
        && apiOrigins.equals(((SolopoolEndpoints) o).apiOrigins)
        && amountDecimals.equals(((SolopoolEndpoints) o).amountDecimals);
  }

  @Override
  public int hashCode() {
    return Objects.hash(byHost, apiOrigins, amountDecimals);
  }

  @Override
  public String toString() {
    return "SolopoolEndpoints[hosts=" + byHost + ", apiOrigins=" + apiOrigins
        + ", amountDecimals=" + amountDecimals + "]";
  }

  private static Optional<Coin> single(Iterable<Coin> coins) {
    Coin found = null;
    for (Coin c : coins) {
      if (found != null && found != c) {
        return Optional.empty();
      }
      found = c;
    }
    return Optional.ofNullable(found);
  }

  private static String normaliseHost(String host) {
    // PoolEndpoint's constructor is the one place host names are validated and normalised.
    return new PoolEndpoint(Objects.requireNonNull(host, "host"), 1, null).host();
  }

  private static SolopoolEndpoints buildDefaults() {
    Builder b = builder();
    Coin[] coins = {Coin.DGB, Coin.BTC, Coin.BCH, Coin.BC2};
    String[] hosts = {"dgb-sha", "btc", "bch", "bc2"};
    for (int i = 0; i < coins.length; i++) {
      String host = hosts[i] + "." + DOMAIN;
      b.add(host, 3333 + i, coins[i]).add(host, 8033 + i, coins[i]);
      b.apiOrigin(coins[i], "https://" + host);
    }
    for (String region : List.of("eu1", "us1", "eu2", "eu3")) {
      String host = region + "." + DOMAIN;
      b.add(host, 8001, Coin.BC2).add(host, 8002, Coin.BCH).add(host, 8004, Coin.DGB).add(host, 8005, Coin.BTC);
    }
    return b.amountDecimals(Coin.DGB, 9).build();
  }

  /**
   * One row of the table: miners pointed at {@code host:port} mine {@code coin}.
   *
   * @param host the stratum host, lower case
   * @param port the stratum port, 1&ndash;65535
   * @param coin the coin mined there
   */
  public record Entry(String host, int port, Coin coin) {
    /** Validates and normalises the host and the port. */
    public Entry {
      PoolEndpoint e = new PoolEndpoint(Objects.requireNonNull(host, "host"), port, null);
      host = e.host();
      Objects.requireNonNull(coin, "coin");
    }
  }

  /** Builds a {@link SolopoolEndpoints}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Map<Integer, Coin>> byHost = new TreeMap<>();
    private final Map<Coin, String> apiOrigins = new EnumMap<>(Coin.class);
    private final Map<Coin, Integer> amountDecimals = new EnumMap<>(Coin.class);

    private Builder() {}

    private Builder(SolopoolEndpoints t) {
      t.byHost.forEach((host, ports) -> byHost.put(host, new TreeMap<>(ports)));
      apiOrigins.putAll(t.apiOrigins);
      amountDecimals.putAll(t.amountDecimals);
    }

    /**
     * Adds an entry, replacing one for the same host and port.
     *
     * @param host the stratum host, for example {@code "asia1.solopool.org"}; any case
     * @param port the stratum port, 1&ndash;65535
     * @param coin the coin mined there
     * @return this
     * @throws dev.danvic.hmm.pools.InvalidPoolConfigException when the host or port is not valid
     */
    public Builder add(String host, int port, Coin coin) {
      Entry e = new Entry(host, port, coin);
      byHost.computeIfAbsent(e.host(), h -> new TreeMap<>()).put(e.port(), e.coin());
      return this;
    }

    /**
     * Removes the entry for a host and port, if any.
     *
     * @param host the stratum host, any case
     * @param port the stratum port
     * @return this
     */
    public Builder remove(String host, int port) {
      Map<Integer, Coin> ports = byHost.get(normaliseHost(host));
      if (ports != null) {
        ports.remove(port);
      }
      return this;
    }

    /**
     * Sets where a coin's HTTP API lives.
     *
     * @param coin the coin
     * @param origin an {@code http} or {@code https} origin such as {@code "https://btc.solopool.org"};
     *     a trailing slash is dropped
     * @return this
     * @throws IllegalArgumentException when the origin is not an http(s) URL with a host, or has a
     *     query or fragment
     */
    public Builder apiOrigin(Coin coin, String origin) {
      Objects.requireNonNull(coin, "coin");
      apiOrigins.put(coin, checkOrigin(coin, origin));
      return this;
    }

    /**
     * Sets the unit of a coin's API amounts (block rewards, balances, earnings).
     *
     * @param coin the coin
     * @param decimals the decimal places an API integer is shifted by, 0&ndash;18 (9 means units of
     *     10<sup>-9</sup> coin, 8 means satoshi-like units)
     * @return this
     * @throws IllegalArgumentException when {@code decimals} is outside 0&ndash;18
     */
    public Builder amountDecimals(Coin coin, int decimals) {
      Objects.requireNonNull(coin, "coin");
      if (decimals < 0 || decimals > 18) {
        throw new IllegalArgumentException(
            "amount decimals for " + coin + " must be between 0 and 18, was " + decimals);
      }
      amountDecimals.put(coin, decimals);
      return this;
    }

    /** @return the immutable table */
    public SolopoolEndpoints build() {
      return new SolopoolEndpoints(this);
    }

    private static String checkOrigin(Coin coin, String origin) {
      String what = "API origin for " + coin;
      if (origin == null || origin.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      URI uri;
      try {
        uri = new URI(origin.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(what + " is not a URL: '" + origin + "'");
      }
      // checked first so a password in user info is never echoed below
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(what + " must not have user info, a query or a fragment");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(what + " must be an http(s) URL with a host, was '" + origin + "'");
      }
      String s = origin.trim();
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      return s;
    }
  }
}
