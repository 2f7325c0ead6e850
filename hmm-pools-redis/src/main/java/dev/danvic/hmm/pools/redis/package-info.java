/**
 * {@link dev.danvic.hmm.pools.redis.RedisTileStore}: the tile store several hmm-pools processes
 * share on Redis (cached tiles with their TTLs, one load per pool per window, request spacing).
 */
@NullMarked
package dev.danvic.hmm.pools.redis;

import org.jspecify.annotations.NullMarked;
