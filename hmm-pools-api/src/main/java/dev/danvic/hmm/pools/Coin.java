package dev.danvic.hmm.pools;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The coins the bundled plugins know, each with its target block time.
 *
 * <p>Plugins for other coins may report any currency symbol as a string; this enum only carries
 * the facts the mining maths needs for the coins in the seed.
 */
public enum Coin {
  /** Bitcoin, 600 s blocks. */
  BTC("Bitcoin", Duration.ofSeconds(600)),
  /** Bitcoin Cash, 600 s blocks. */
  BCH("Bitcoin Cash", Duration.ofSeconds(600)),
  /**
   * DigiByte mined with SHA-256d: 75 s per SHA-256d block (15 s overall, shared across five
   * algorithms).
   */
  DGB("DigiByte (SHA-256d)", Duration.ofSeconds(75)),
  /** BitcoinII, 600 s blocks. Its addresses look exactly like Bitcoin addresses. */
  BC2("BitcoinII", Duration.ofSeconds(600));

  private final String displayName;
  private final Duration blockTime;

  Coin(String displayName, Duration blockTime) {
    this.displayName = displayName;
    this.blockTime = blockTime;
  }

  /** @return a name for people, such as {@code "Bitcoin Cash"} */
  public String displayName() {
    return displayName;
  }

  /** @return the target time between two blocks this coin's SHA-256d miners find */
  public Duration blockTime() {
    return blockTime;
  }

  /** @return the ticker symbol, for example {@code "BTC"} */
  public String symbol() {
    return name();
  }

  /**
   * Finds a coin by its symbol, ignoring case and surrounding blanks.
   *
   * @param symbol for example {@code "btc"}
   * @return the coin, or empty when the symbol is not one of this enum's
   */
  public static Optional<Coin> find(String symbol) {
    String s = symbol.trim().toUpperCase(Locale.ROOT);
    for (Coin c : values()) {
      if (c.name().equals(s)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #find(String)}, but refuses an unknown symbol.
   *
   * @param symbol for example {@code "dgb"}
   * @return the coin
   * @throws InvalidPoolConfigException naming the field {@code coin} when the symbol is unknown
   */
  public static Coin of(String symbol) {
    return find(symbol)
        .orElseThrow(
            () ->
                new InvalidPoolConfigException(
                    "coin",
                    "unknown coin '"
                        + symbol
                        + "'; known: "
                        + Arrays.stream(values()).map(Coin::name).collect(Collectors.joining(", "))));
  }
}
