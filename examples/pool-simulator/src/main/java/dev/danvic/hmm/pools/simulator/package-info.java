/**
 * Local HTTP servers that answer like the real pools' APIs (Solopool.org, Braiins Pool, MMFP's
 * GoSlimStratum, public-pool, ckpool, OCEAN, Miningcore and NOMP), for the reference server's offline demo, the tests and the benchmarks.
 *
 * <p>Start one with {@link dev.danvic.hmm.pools.simulator.PoolSimulator#builder()}; run
 * {@link dev.danvic.hmm.pools.simulator.Main} to start a Solopool, a Braiins and an MMFP pool on 127.0.0.1. The
 * numbers a simulator serves are a pure function of its seed and its clock's time, so a test that
 * injects a {@link dev.danvic.hmm.pools.simulator.MutableClock} can assert on them. Units follow
 * each real API: see the class comments of each kind in
 * {@link dev.danvic.hmm.pools.simulator.PoolSimulator.Kind}.
 */
@NullMarked
package dev.danvic.hmm.pools.simulator;

import org.jspecify.annotations.NullMarked;
