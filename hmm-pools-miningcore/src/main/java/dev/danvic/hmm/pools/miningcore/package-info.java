/**
 * The Miningcore plugin: {@link dev.danvic.hmm.pools.miningcore.MiningcoreIntegration},
 * {@code pool_type} {@code miningcore}, for any Miningcore server, self-hosted or public. Depends on
 * the api module only; every request goes through the {@link dev.danvic.hmm.pools.PoolContext} it
 * is handed. The module's shape: {@code MiningcoreIntegration} (the contract),
 * {@code MiningcoreEndpoints} (origins and paths as data), {@code MiningcoreJson} (responses to
 * readings), {@code MiningcoreTiles} (readings to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.miningcore;

import org.jspecify.annotations.NullMarked;
