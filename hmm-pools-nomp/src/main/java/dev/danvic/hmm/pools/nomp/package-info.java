/**
 * The NOMP plugin: {@link dev.danvic.hmm.pools.nomp.NompIntegration}, {@code pool_type}
 * {@code nomp}, for node-open-mining-portal and its forks. Depends on the api module only; every
 * request goes through the {@link dev.danvic.hmm.pools.PoolContext} it is handed. The module's
 * shape: {@code NompIntegration} (the contract), {@code NompEndpoints} (origins and paths as data),
 * {@code NompJson} (responses to readings), {@code NompTiles} (readings to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.nomp;

import org.jspecify.annotations.NullMarked;
