package dev.danvic.hmm.pools.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** One line about the machine the suite ran on, for the scorecard's header. */
final class Machine {
  private Machine() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%s %s (%s), %d processors%s, Java %s (%s), max heap %d MiB",
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        cpuModel(),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        rt.maxMemory() / (1024 * 1024));
  }

  private static String cpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(info)) {
      return "";
    }
    try (Stream<String> lines = Files.lines(info)) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> " of " + l.substring(l.indexOf(':') + 1).trim())
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
