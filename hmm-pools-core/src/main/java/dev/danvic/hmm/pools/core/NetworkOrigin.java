package dev.danvic.hmm.pools.core;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the network figures on a pool's tile 2 came from. In JSON, inside {@code tile_2_network}:
 * {@code network_source}, {@code network_source_detail} and {@code network_filled}.
 *
 * @param source {@value #POOL} when the pool reported the network difficulty itself (nothing was
 *     filled), else the {@link NetworkSource#kind()} that filled it: {@code "sibling"},
 *     {@code "node"}, {@code "explorer"}
 * @param detail for a filled figure, exactly where it came from ({@code "sibling pool
 *     'solopool-btc'"}, {@code "node http://127.0.0.1:8332/"}); {@code null} for {@value #POOL}
 * @param filled the tile fields core filled in, by their JSON names ({@code network_difficulty},
 *     {@code pool_percentage}, {@code estimated_time_to_block}, {@code user_estimated_time_to_block},
 *     {@code user_block_odds_24h}); empty for {@value #POOL}
 */
public record NetworkOrigin(String source, @Nullable String detail, List<String> filled) {
  /** {@link #source()} of figures the pool reported itself. */
  public static final String POOL = "pool";

  /** Copies the list. */
  public NetworkOrigin {
    Objects.requireNonNull(source, "source");
    filled = List.copyOf(filled);
  }

  /** @return the origin of figures the pool reported itself */
  public static NetworkOrigin pool() {
    return new NetworkOrigin(POOL, null, List.of());
  }

  /** @return whether core filled anything in */
  public boolean isFilled() {
    return !filled.isEmpty();
  }
}
