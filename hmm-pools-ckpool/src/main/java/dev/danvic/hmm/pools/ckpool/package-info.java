/**
 * The ckpool plugin: {@link dev.danvic.hmm.pools.ckpool.CkpoolIntegration}, {@code pool_type}
 * {@code ckpool}, for solo.ckpool.org and self-hosted ckpool. Depends on the api module only;
 * every request goes through the {@link dev.danvic.hmm.pools.PoolContext} it is handed. The
 * module's shape: {@code CkpoolIntegration} (the contract), {@code CkpoolEndpoints} (hosts,
 * origins and paths as data), {@code CkpoolJson} (responses to a reading), {@code CkpoolTiles} (a
 * reading to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.ckpool;

import org.jspecify.annotations.NullMarked;
