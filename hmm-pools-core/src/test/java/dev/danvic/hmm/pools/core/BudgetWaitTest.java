package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What one read waits for: the pools that can still answer by its budget's end. Holds come from
 * the transport; here the test plays it, on a fake ticker.
 */
class BudgetWaitTest {
  static final long SECOND = Duration.ofSeconds(1).toNanos();
  final FakeTicker ticker = new FakeTicker();
  final CompletableFuture<String> fast = new CompletableFuture<>();
  final CompletableFuture<String> limited = new CompletableFuture<>();
  final LoadHolds holds = new LoadHolds(ticker);
  final Object request = new Object();

  BudgetWait waitUntil(long end) {
    return BudgetWait.start(List.of(fast, limited), Arrays.asList(null, holds), end);
  }

  @Test
  void overWhenEveryOtherPoolSettledAndTheLastIsHeldPastTheEnd() {
    BudgetWait wait = waitUntil(SECOND);
    holds.held(request, Duration.ofSeconds(5));
    assertThat(wait.over()).as("the fast pool can still answer").isNotDone();
    fast.complete("tiles");
    assertThat(wait.over()).isDone();
    assertThat(wait.heldPastEnd(1)).hasValue(5 * SECOND);
  }

  @Test
  void aHoldWithinTheBudgetIsWaitedFor() {
    BudgetWait wait = waitUntil(SECOND);
    holds.held(request, Duration.ofMillis(900));
    fast.complete("tiles");
    assertThat(wait.over()).isNotDone();
    assertThat(wait.heldPastEnd(1)).isEmpty();
    limited.complete("tiles");
    assertThat(wait.over()).isDone();
  }

  @Test
  void aPoolHeldThenLetGoEarlyIsWaitedForAgain() {
    BudgetWait wait = waitUntil(SECOND);
    holds.held(request, Duration.ofSeconds(5));
    holds.released(request); // freed earlier (a shared reserve, a load that ended): it may answer now
    fast.complete("tiles");
    assertThat(wait.over()).isNotDone();
    holds.held(request, Duration.ofSeconds(4)); // and held again
    assertThat(wait.over()).isDone();
  }

  @Test
  void aHoldKnownBeforeTheReadCountsAndEachReadUsesItsOwnEnd() {
    holds.held(request, Duration.ofMillis(1500));
    fast.complete("tiles");
    assertThat(waitUntil(SECOND).over()).as("ends at 1 s, the slot is at 1.5 s").isDone();
    ticker.advance(Duration.ofMillis(800));
    BudgetWait later = waitUntil(ticker.read() + SECOND);
    assertThat(later.over()).as("ends at 1.8 s, after the slot").isNotDone();
    limited.complete("tiles");
    assertThat(later.over()).isDone();
  }

  @Test
  void aFinishedWaitStopsWatchingTheLoad() {
    BudgetWait byBudget = waitUntil(SECOND);
    BudgetWait byPools = waitUntil(SECOND);
    assertThat(holds.watchers()).isEqualTo(2);
    byBudget.over().complete(null); // its budget timer ended it
    assertThat(holds.watchers()).isEqualTo(1);
    holds.held(request, Duration.ofSeconds(5));
    fast.complete("tiles");
    assertThat(byPools.over()).isDone();
    assertThat(holds.watchers()).as("a long first load keeps no reads that are over").isZero();
  }
}
