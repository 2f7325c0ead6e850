/**
 * The OCEAN plugin: {@link dev.danvic.hmm.pools.ocean.OceanIntegration}, {@code pool_type}
 * {@code ocean}, for the TIDES pool at ocean.xyz. Depends on the api module only; every request
 * goes through the {@link dev.danvic.hmm.pools.PoolContext} it is handed. The module's shape:
 * {@code OceanIntegration} (the contract), {@code OceanEndpoints} (hosts, origin and paths as
 * data), {@code OceanJson} (responses to readings), {@code OceanTiles} (readings to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.ocean;

import org.jspecify.annotations.NullMarked;
