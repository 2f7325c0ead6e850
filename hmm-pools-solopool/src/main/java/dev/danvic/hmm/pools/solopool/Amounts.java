package dev.danvic.hmm.pools.solopool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import java.math.BigDecimal;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Turns the API's integer amounts into coin units. */
final class Amounts {
  private Amounts() {}

  /**
   * @param node an amount as the API writes it (an integer in the coin's API unit), or {@code null}
   * @param decimals the coin's API unit ({@link SolopoolEndpoints#amountDecimals}); empty when it is
   *     not known, which makes every amount unknown rather than a guess
   * @return the amount in coin units, or {@code null} when absent, negative or of unknown unit
   */
  static @Nullable BigDecimal coins(@Nullable JsonNode node, OptionalInt decimals) {
    if (decimals.isEmpty()) {
      return null;
    }
    BigDecimal raw = LenientJson.decimal(node);
    if (raw == null || raw.signum() < 0) {
      return null;
    }
    // raw is within LenientJson's bounds, so the shift is cheap; its result is checked the same way
    return LenientJson.bounded(raw.movePointLeft(decimals.getAsInt()));
  }
}
