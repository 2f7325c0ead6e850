package dev.danvic.hmm.pools.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the benchmarks ran on: cores, memory, CPU model, JDK, OS, date, file limit. */
final class Machine {
  private Machine() {}

  /** @return one line per fact, such as {@code "cores: 2"} */
  static List<String> describe() {
    Runtime rt = Runtime.getRuntime();
    long physical = physicalMemoryBytes();
    return List.of(
        "date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        "cores: " + rt.availableProcessors() + cpuModel().map(m -> " (" + m + ")").orElse(""),
        "memory: " + (physical > 0 ? gib(physical) + " GiB physical, " : "") + "max heap " + gib(rt.maxMemory()) + " GiB",
        "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")",
        "JVM options: " + jvmOptions(),
        "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        "open files limit: " + openFilesLimit().map(String::valueOf).orElse("unknown"),
        "load average at the start: " + loadAverage().orElse("unknown"));
  }

  /**
   * @return the 1, 5 and 15 minute load averages (Linux), such as {@code "0.52 0.61 0.70"}: above
   *     the core count, other processes were competing for the cores
   */
  static Optional<String> loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return Optional.of(parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)");
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String jvmOptions() {
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return options.isEmpty() ? "none (the defaults)" : String.join(" ", options);
  }

  /** @return the soft limit on open files of this process, when the OS tells it (Linux) */
  static Optional<Long> openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
          return parts[0].equals("unlimited") ? Optional.of(Long.MAX_VALUE) : Optional.of(Long.parseLong(parts[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: unknown
    }
    return Optional.empty();
  }

  private static Optional<String> cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          return Optional.of(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no model name
    }
    return Optional.empty();
  }

  private static long physicalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024 * 1024));
  }
}
