package dev.danvic.hmm.pools;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of the user's workers as a pool lists it ({@link BasePoolIntegration#workers}): what an
 * application needs to notice a named rig that stopped hashing.
 *
 * @param name the worker's name as the pool shows it (e.g. "s21", or "address.s21" on pools that
 *     key workers by the full login); never blank
 * @param online whether the pool counts it as hashing now
 * @param hashrate its hash rate, H/s, or {@code null} when the pool does not say
 * @param lastShareAt when the pool last received a share from it, or {@code null}
 */
public record PoolWorker(String name, boolean online, @Nullable Double hashrate, @Nullable Instant lastShareAt) {

  /**
   * @throws IllegalArgumentException when the name is blank or the hash rate negative or not finite
   */
  public PoolWorker {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a worker's name must not be blank");
    }
    if (hashrate != null && !(hashrate >= 0 && Double.isFinite(hashrate))) {
      throw new IllegalArgumentException("hashrate must be a finite number >= 0 H/s, was " + hashrate);
    }
  }
}
