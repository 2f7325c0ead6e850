/**
 * The Solopool.org plugin: {@link dev.danvic.hmm.pools.solopool.SolopoolIntegration}, found by
 * {@link java.util.ServiceLoader} as a {@link dev.danvic.hmm.pools.BasePoolIntegration}, and
 * {@link dev.danvic.hmm.pools.solopool.SolopoolEndpoints}, its table of hosts, ports, API origins
 * and amount units, which a user can extend. Hash rates are in H/s, amounts in coin units, times
 * as {@link java.time.Instant}; an unknown value is {@code null}, never {@code 0}. The module's
 * shape: {@code SolopoolIntegration} (the contract), {@code SolopoolEndpoints} (hosts, origins and
 * amount units as data), {@code SolopoolJson} (responses to readings), {@code SolopoolTiles}
 * (readings to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.solopool;

import org.jspecify.annotations.NullMarked;
