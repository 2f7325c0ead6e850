/**
 * History of each pool's figures, recorded at every refresh, and the queries over it: a pool's
 * series for a range and a step, and a comparison of pools over a range.
 *
 * <p>{@link dev.danvic.hmm.pools.core.history.HistoryRecorder} listens to a
 * {@link dev.danvic.hmm.pools.core.DashboardPoolService} and hands one
 * {@link dev.danvic.hmm.pools.core.history.HistorySample} per pool and refresh to a
 * {@link dev.danvic.hmm.pools.core.history.HistoryStore}: bounded in memory by default
 * ({@link dev.danvic.hmm.pools.core.history.InMemoryHistoryStore}), or an application's database.
 * {@link dev.danvic.hmm.pools.core.history.HistoryQueries} reads any store.
 */
@NullMarked
package dev.danvic.hmm.pools.core.history;

import org.jspecify.annotations.NullMarked;
