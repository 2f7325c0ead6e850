/**
 * The public-pool plugin: {@link dev.danvic.hmm.pools.publicpool.PublicPoolIntegration}, {@code
 * pool_type} {@code publicpool}, for public-pool.io and self-hosted public-pool. Depends on the api
 * module only; every request goes through the {@link dev.danvic.hmm.pools.PoolContext} it is
 * handed. The module's shape: {@code PublicPoolIntegration} (the contract), {@code
 * PublicPoolEndpoints} (hosts, origins and paths as data), {@code PublicPoolJson} (responses to a
 * reading), {@code PublicPoolTiles} (a reading to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.publicpool;

import org.jspecify.annotations.NullMarked;
