package dev.danvic.hmm.pools.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Counts threads by name: the library's ({@code hmm-pools-*}) and OkHttp's own. */
final class Threads {
  static final String LIBRARY_PREFIX = "hmm-pools-";
  /** OkHttp's shared task threads (connection pool upkeep); they idle for a minute before ending. */
  static final String TASK_RUNNER = "OkHttp TaskRunner";

  private Threads() {}

  /** @return live threads whose names start with {@code prefix} */
  static Set<Thread> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** @return the library's live threads */
  static Set<Thread> library() {
    return named(LIBRARY_PREFIX);
  }

  /**
   * Threads started since {@code before} was taken that belong to the library: named
   * {@code hmm-pools-*}, or an OkHttp dispatcher thread of the library's own client, which OkHttp
   * renames {@code OkHttp http://...} while it runs a call. OkHttp's shared {@code TaskRunner}
   * threads are counted apart ({@link #TASK_RUNNER}).
   */
  static List<Thread> startedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .filter(t -> t.getName().startsWith(LIBRARY_PREFIX) || t.getName().startsWith("OkHttp http"))
        .toList();
  }

  /** @return every live thread */
  static Set<Thread> all() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** @return the library's live threads that are not in {@code before} */
  static List<Thread> newLibraryThreads(Set<Thread> before) {
    return library().stream().filter(t -> !before.contains(t)).toList();
  }

  /**
   * Waits, up to {@code bound} in all, for each thread to end.
   *
   * @return the threads still alive afterwards
   */
  static List<Thread> awaitEnded(List<Thread> threads, Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    for (Thread t : threads) {
      long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
      t.join(left);
    }
    return threads.stream().filter(Thread::isAlive).toList();
  }
}
