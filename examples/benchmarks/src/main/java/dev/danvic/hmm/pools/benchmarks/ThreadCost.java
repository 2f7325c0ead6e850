package dev.danvic.hmm.pools.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and heap allocation between two snapshots, split between the simulated pools' threads
 * and every other thread: the latter is what the SDK (and the harness's waiting main thread) cost,
 * without what answering costs the simulators that share the process. A thread that ends between
 * two snapshots takes its figures with it, so measure after a warm-up, while the thread pools are
 * populated.
 */
final class ThreadCost {
  /** Threads of the pool simulator and of the JDK HTTP servers it runs on. */
  private static final String[] SIMULATOR_THREADS = {
    "pool-simulator-", "HTTP-Dispatcher", "idle-timeout-task", "server-timeout-task"
  };

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * What the threads spent.
   *
   * @param cpuNanos CPU time of every thread but the simulators', nanoseconds
   * @param bytes heap allocated by every thread but the simulators'
   * @param simulatorCpuNanos CPU time of the simulators' threads, nanoseconds
   */
  record Spent(long cpuNanos, long bytes, long simulatorCpuNanos) {}

  private final Map<Long, long[]> start;

  private ThreadCost(Map<Long, long[]> start) {
    this.start = start;
  }

  /** @return whether this JVM can measure per-thread CPU time and allocation */
  static boolean supported() {
    return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadAllocatedMemorySupported();
  }

  /** @return a snapshot to measure from */
  static ThreadCost start() {
    THREADS.setThreadCpuTimeEnabled(true);
    THREADS.setThreadAllocatedMemoryEnabled(true);
    return new ThreadCost(snapshot());
  }

  /** @return what was spent since {@link #start()}; a thread started since counts from zero */
  Spent sinceStart() {
    long cpu = 0;
    long bytes = 0;
    long simulator = 0;
    for (Map.Entry<Long, long[]> e : snapshot().entrySet()) {
      long[] now = e.getValue();
      long[] before = start.getOrDefault(e.getKey(), new long[3]);
      long dCpu = Math.max(0, now[0] - before[0]);
      if (now[2] == 1) {
        simulator += dCpu;
      } else {
        cpu += dCpu;
        bytes += Math.max(0, now[1] - before[1]);
      }
    }
    return new Spent(cpu, bytes, simulator);
  }

  /**
   * @param name a thread's name
   * @return whether the thread belongs to the pool simulator (and is not counted)
   */
  static boolean isSimulatorThread(String name) {
    for (String prefix : SIMULATOR_THREADS) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** @return thread id to {cpu nanoseconds, allocated bytes, 1 for a simulator thread else 0} */
  private static Map<Long, long[]> snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    Map<Long, long[]> out = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      ThreadInfo info = infos[i];
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      long bytes = THREADS.getThreadAllocatedBytes(ids[i]);
      if (cpu >= 0 && bytes >= 0) {
        out.put(ids[i], new long[] {cpu, bytes, isSimulatorThread(info.getThreadName()) ? 1 : 0});
      }
    }
    return out;
  }
}
