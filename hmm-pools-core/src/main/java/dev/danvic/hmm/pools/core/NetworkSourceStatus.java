package dev.danvic.hmm.pools.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one coin's {@link NetworkSource}, for a health page: which source, its last value,
 * how old it is and why it last failed. Never holds a secret.
 *
 * @param coin the coin symbol, for example {@code "BTC"}
 * @param source the source's {@link NetworkSource#kind()}
 * @param description the source's {@link NetworkSource#description()}
 * @param difficulty the last network difficulty read, or {@code null} when none yet
 * @param networkHashrate the last network hash rate read (reported or derived), H/s, or {@code null}
 * @param observedAt when the last value was read by the source, or {@code null}
 * @param ageSeconds seconds since the last value was taken in (by the service's ticker), or
 *     {@code null} when there is none
 * @param error why the last read failed (no secret), or {@code null} when it succeeded or none ran
 */
public record NetworkSourceStatus(
    String coin,
    String source,
    String description,
    @Nullable Double difficulty,
    @Nullable Double networkHashrate,
    @Nullable Instant observedAt,
    @Nullable Double ageSeconds,
    @Nullable String error) {}
