/**
 * The MMFP (GoSlimStratum) plugin: {@link dev.danvic.hmm.pools.mmfp.MmfpIntegration}, {@code
 * pool_type} {@code mmfp}. Depends on the api module only; every request goes through the {@link
 * dev.danvic.hmm.pools.PoolContext} it is handed.
 */
@NullMarked
package dev.danvic.hmm.pools.mmfp;

import org.jspecify.annotations.NullMarked;
