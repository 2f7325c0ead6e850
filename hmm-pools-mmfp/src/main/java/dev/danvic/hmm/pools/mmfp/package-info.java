/**
 * The MMFP (GoSlimStratum) plugin: {@link dev.danvic.hmm.pools.mmfp.MmfpIntegration}, {@code
 * pool_type} {@code mmfp}. Depends on the api module only; every request goes through the {@link
 * dev.danvic.hmm.pools.PoolContext} it is handed. The module's shape: {@code MmfpIntegration} (the
 * contract and the chain of API shapes it reads), {@code MmfpEndpoints} (origin, key, coin and
 * paths of one configured server), {@code MmfpJson} (every shape's answers to readings),
 * {@code MmfpTiles} (readings to tiles).
 */
@NullMarked
package dev.danvic.hmm.pools.mmfp;

import org.jspecify.annotations.NullMarked;
