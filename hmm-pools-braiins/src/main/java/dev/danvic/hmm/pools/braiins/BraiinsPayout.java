package dev.danvic.hmm.pools.braiins;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One payout of a Braiins account, from {@code /accounts/payouts/json/btc/}
 * ({@link BraiinsIntegration#payouts}). Braiins reports payout amounts in satoshis
 * ({@code amount_sats}, {@code fee_sats}); here they are BTC, converted exactly.
 *
 * @param rail how it was paid: on chain or over Lightning
 * @param requestedAt when the payout was requested ({@code requested_at_ts}), or {@code null}
 * @param resolvedAt when it was confirmed or failed ({@code resolved_at_ts}), or {@code null} while
 *     queued
 * @param status {@code queued}, {@code confirmed} or {@code failed} as Braiins writes it, lower
 *     case, or {@code null}
 * @param amount the amount paid, BTC ({@code amount_sats} / 10^8), or {@code null}
 * @param fee the fee, BTC ({@code fee_sats} / 10^8), or {@code null}
 * @param destination the receiving address or Lightning destination, or {@code null}
 * @param txId the on-chain transaction id, or {@code null}
 * @param triggerType what started the payout (for example a threshold or a manual request), or
 *     {@code null}
 */
public record BraiinsPayout(
    Rail rail,
    @Nullable Instant requestedAt,
    @Nullable Instant resolvedAt,
    @Nullable String status,
    @Nullable BigDecimal amount,
    @Nullable BigDecimal fee,
    @Nullable String destination,
    @Nullable String txId,
    @Nullable String triggerType) {

  /** How a payout was sent. */
  public enum Rail {
    /** A Bitcoin transaction ({@code onchain[]}). */
    ONCHAIN,
    /** A Lightning payment ({@code lightning[]}). */
    LIGHTNING
  }
}
