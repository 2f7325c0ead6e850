package dev.danvic.hmm.pools.core;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What one tile read waits for within its budget: the pools that can still answer by the budget's
 * end. It is over as soon as every pool has settled or is held back by its rate limit until past
 * that end (a request that starts later cannot answer earlier), re-evaluated whenever a pool
 * settles or a request of its load is held or let go. The budget timer ends it in any case (the
 * caller completes {@link #over()}). Each read has its own end, so reads started at different
 * times judge the same held pool each by its own budget.
 */
final class BudgetWait {
  private final List<? extends CompletableFuture<?>> reads;
  private final List<@Nullable LoadHolds> holds;
  private final long end;
  private final AtomicInteger pending = new AtomicInteger();
  private final CompletableFuture<Void> over = new CompletableFuture<>();
  /** Set once a load's request was held: only then is scanning the pending reads worth it. */
  private volatile boolean holdsSeen;

  private BudgetWait(List<? extends CompletableFuture<?>> reads, List<@Nullable LoadHolds> holds, long end) {
    this.reads = reads;
    this.holds = holds;
    this.end = end;
  }

  /**
   * @param reads the reads of the pools, in order
   * @param holds for each read, the holds of the load it waits for ({@code null}: not known)
   * @param end when the read's budget ends, a reading of the service's ticker
   * @return the wait; {@link #over()} is already complete when nothing needs waiting for
   */
  static BudgetWait start(List<? extends CompletableFuture<?>> reads, List<@Nullable LoadHolds> holds, long end) {
    BudgetWait wait = new BudgetWait(reads, holds, end);
    List<Runnable> stops = new ArrayList<>();
    wait.pending.set(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      CompletableFuture<?> read = reads.get(i);
      LoadHolds h = holds.get(i);
      if (!read.isDone() && h != null) {
        stops.add(h.watch(wait::heldOrLetGo)); // before the first check, so no change is missed
      }
      read.whenComplete((v, t) -> wait.settled());
    }
    wait.over.whenComplete((v, t) -> stops.forEach(Runnable::run));
    for (int i = 0; i < reads.size(); i++) { // a request may have been held before the watchers were added
      if (!reads.get(i).isDone() && wait.heldPastEnd(i).isPresent()) {
        wait.holdsSeen = true;
        break;
      }
    }
    wait.check();
    return wait;
  }

  /** @return completes when nothing is left to wait for; completing it ends the wait */
  CompletableFuture<Void> over() {
    return over;
  }

  /**
   * @param i a read of this wait that has not settled
   * @return when its load's held request starts, past the end of this read's budget; empty when
   *     the pool may still answer within it
   */
  OptionalLong heldPastEnd(int i) {
    LoadHolds h = holds.get(i);
    return h == null ? OptionalLong.empty() : h.heldPast(end);
  }

  private void settled() {
    if (pending.decrementAndGet() == 0) {
      over.complete(null);
    } else {
      check();
    }
  }

  private void heldOrLetGo() {
    holdsSeen = true;
    check();
  }

  private void check() {
    if (over.isDone()) {
      return;
    }
    if (pending.get() == 0) {
      over.complete(null);
      return;
    }
    if (!holdsSeen) {
      return; // no pool is held: the pending ones can all still answer
    }
    for (int i = 0; i < reads.size(); i++) {
      if (!reads.get(i).isDone() && heldPastEnd(i).isEmpty()) {
        return;
      }
    }
    over.complete(null);
  }
}
