/**
 * The plugin contract of hmm-pools.
 *
 * <p>A pool plugin implements {@link dev.danvic.hmm.pools.BasePoolIntegration} and is handed a
 * {@link dev.danvic.hmm.pools.PoolContext} for every HTTP call; it never builds a client, a thread
 * pool or a cache of its own. The records in this package ({@link dev.danvic.hmm.pools.DashboardTileData},
 * {@link dev.danvic.hmm.pools.PoolHealthStatus}, {@link dev.danvic.hmm.pools.PoolConfig}, ...) are what
 * plugins produce and consume. Units are fixed across the whole SDK:
 * <ul>
 *   <li>hash rates in H/s,</li>
 *   <li>difficulty as plain difficulty (difficulty 1 = target {@code 0x1d00ffff}),</li>
 *   <li>latency in milliseconds,</li>
 *   <li>percentages in percent (0&ndash;100),</li>
 *   <li>amounts in coin units as {@link java.math.BigDecimal},</li>
 *   <li>times as {@link java.time.Instant}, durations in seconds.</li>
 * </ul>
 * A value a pool does not give is {@code null}, never {@code 0}.
 */
@NullMarked
package dev.danvic.hmm.pools;

import org.jspecify.annotations.NullMarked;
