package dev.danvic.hmm.pools.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Starts many callers at the same instant, from 16 threads. */
final class Callers {
  private Callers() {}

  /**
   * @param count how many calls
   * @param call the i-th call; returns the read it started
   * @return the reads, once every call has returned (not necessarily completed)
   */
  static List<CompletableFuture<?>> atOnce(int count, IntFunction<CompletableFuture<?>> call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletableFuture<?>>> submitted = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        submitted.add(
            threads.submit(
                () -> {
                  start.await();
                  return call.apply(n);
                }));
      }
      start.countDown();
      List<CompletableFuture<?>> reads = new ArrayList<>();
      for (Future<CompletableFuture<?>> f : submitted) {
        reads.add(f.get(10, TimeUnit.SECONDS));
      }
      return reads;
    } finally {
      threads.shutdownNow();
    }
  }
}
