/**
 * The hmm-pools runtime: {@link dev.danvic.hmm.pools.core.PoolRegistry} finds plugins and detects
 * pools, {@link dev.danvic.hmm.pools.core.HttpPoolTransport} is the one HTTP transport, and
 * {@link dev.danvic.hmm.pools.core.DashboardPoolService} caches, fetches in parallel and aggregates
 * tiles. Everything outside {@code internal} packages is API.
 */
@NullMarked
package dev.danvic.hmm.pools.core;

import org.jspecify.annotations.NullMarked;
