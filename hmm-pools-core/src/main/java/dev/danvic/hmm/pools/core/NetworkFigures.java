package dev.danvic.hmm.pools.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The network's figures for one coin, as a {@link NetworkSource} read them: what core fills into a
 * pool's tiles when the pool gives no network difficulty of its own.
 *
 * @param difficulty the network difficulty, plain (difficulty 1 = target {@code 0x1d00ffff});
 *     finite and greater than 0
 * @param networkHashrate the network's hash rate in H/s as the source reports it, or {@code null}
 *     when it reports none (core then derives it from the difficulty and the coin's block time)
 * @param observedAt when the source read these figures (the sibling pool's {@code last_updated},
 *     or the time of the node's or explorer's answer)
 * @param source the kind of source: {@code "sibling"}, {@code "node"}, {@code "explorer"}, or a
 *     custom source's {@link NetworkSource#kind()}
 * @param detail where exactly, for a person, never a secret: {@code "sibling pool 'solopool-btc'"},
 *     {@code "node http://127.0.0.1:8332/"}
 */
public record NetworkFigures(
    double difficulty,
    @Nullable Double networkHashrate,
    Instant observedAt,
    String source,
    String detail) {

  /** Checks that the difficulty (and the hash rate, when given) are finite and positive. */
  public NetworkFigures {
    if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
      throw new IllegalArgumentException("network difficulty must be finite and > 0, was " + difficulty);
    }
    if (networkHashrate != null && (!(networkHashrate > 0) || networkHashrate.isInfinite())) {
      throw new IllegalArgumentException(
          "network hash rate must be finite and > 0 H/s, was " + networkHashrate);
    }
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * @param reported a hash rate a source read, H/s, or {@code null}
   * @return it when finite and positive, else {@code null} (a node reports 0 while it syncs)
   */
  static @Nullable Double usableHashrate(@Nullable Double reported) {
    return reported != null && reported > 0 && !reported.isInfinite() ? reported : null;
  }
}
