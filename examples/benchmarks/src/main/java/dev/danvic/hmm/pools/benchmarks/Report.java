package dev.danvic.hmm.pools.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Markdown report ({@code docs/BENCHMARKS.md}): how to run, the machine, the table with the
 * aims beside the figures, and how each figure is taken. Notes written by hand below {@link
 * #NOTES_MARKER} in an existing report are kept.
 */
final class Report {
  /** The line below which an existing report's text is kept when the harness rewrites it. */
  static final String NOTES_MARKER =
      "<!-- Notes below this line are written by hand and kept when the harness rewrites this file. -->";

  private Report() {}

  /**
   * @param file where to write
   * @param machine the machine's description, one fact a line
   * @param table the results
   * @param seconds how long the run took
   * @param quick whether it was a smoke run
   * @throws IOException when the file cannot be read or written
   */
  static void write(Path file, List<String> machine, ResultTable table, long seconds, boolean quick) throws IOException {
    String notes = keptNotes(file);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(file, render(machine, table, seconds, quick, notes), StandardCharsets.UTF_8);
  }

  /**
   * @param machine the machine's description
   * @param table the results
   * @param seconds how long the run took
   * @param quick whether it was a smoke run
   * @param notes the kept notes, starting with the marker
   * @return the whole report
   */
  static String render(List<String> machine, ResultTable table, long seconds, boolean quick, String notes) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Benchmarks\n\n");
    sb.append("The latest output of the benchmark harness (`examples/benchmarks`, issue 6), with the aims beside the\n")
        .append("figures. Everything runs in one JVM on one machine, on loopback, against the pool simulator: the\n")
        .append("simulated pools share the two cores with the SDK, where real pools would bring their own.\n\n");
    if (quick) {
      sb.append("**This is a `--quick` smoke run: small N and short loads; its figures are not the benchmark's.**\n\n");
    }
    sb.append("From a clean clone, this prints the table (about five minutes on two cores, build included):\n\n")
        .append("```\n").append(Benchmarks.COMMAND).append("\n```\n\n")
        .append("Add `--write docs/BENCHMARKS.md` to the `java` command to rewrite this file.\n\n");
    sb.append("## Machine\n\n");
    machine.forEach(line -> sb.append("- ").append(line).append('\n'));
    sb.append("\n## Results\n\n");
    sb.append(table.toMarkdown());
    sb.append('\n').append(table.rows().size()).append(" figures, ").append(table.missed())
        .append(" aims missed; the run took ").append(seconds).append(" s.\n\n");
    sb.append(METHOD);
    sb.append('\n').append(notes.endsWith("\n") ? notes : notes + "\n");
    return sb.toString();
  }

  private static String keptNotes(Path file) throws IOException {
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int at = text.indexOf(NOTES_MARKER);
      if (at >= 0) {
        return text.substring(at);
      }
    }
    return NOTES_MARKER + "\n\n## Notes\n\nNone yet.\n";
  }

  private static final String METHOD =
      "## How each figure is taken\n\n"
          + "Every simulated pool is a Solopool API server (`PoolSimulator`) on its own loopback address,\n"
          + "`127.0.0.2`, `127.0.0.3`, ..., so that, as with real pools on different hosts, the transport's limit\n"
          + "per host never applies. Each answer is held back by L = 200 ms. One refresh of a pool is three requests\n"
          + "sent at once (`/api/stats`, `/api/blocks`, `/api/accounts/{address}`). The SDK runs with its defaults\n"
          + "(`PoolRegistry.discover()`, `DashboardPoolService.builder(registry)`). Before measuring, the harness\n"
          + "reads all pools twice so that the JIT has compiled both sides.\n\n"
          + "1. **Cold fan-out.** A new registry, transport and service (no cached tile, no open connection, no\n"
          + "   transport thread); the time until `platformTiles()` completes, divided by L; median of three cold\n"
          + "   starts, with the CPU time of the SDK's threads and of the simulators' threads beside it.\n"
          + "   \"Bare OkHttp\" sends the same requests from a new bare OkHttp client with the transport's\n"
          + "   limits and no SDK around them: the floor that the machine (and the simulators sharing it) sets.\n"
          + "   Each SDK start is followed by one bare start; the aim is on the median of the SDK's time over\n"
          + "   its bare neighbour's (\"× the floor\").\n"
          + "   \"First fan-out of the harness JVM\" is the harness's warm-up, before anything is compiled: what an\n"
          + "   application that starts with 1000 pools sees on its first read.\n"
          + "   **Fresh JVM** rows: each figure is a new `java` process (JDK defaults) per measurement, five\n"
          + "   of them, against 20 simulated pools in the harness's process (10 Solopool, 10 MMFP, on\n"
          + "   `127.0.250.x`), timed from the process's first SDK call (`PoolRegistry.discover()`): the\n"
          + "   first complete platform tiles (read budget set long); then 200 `platformTiles()` reads against\n"
          + "   200 after 2000 more; the \"mixed demo\" replaces one pool by a Braiins pool (one request per 5 s\n"
          + "   per token) and keeps the default read budget (1 s): the time of the first platform tiles, with\n"
          + "   the pools still loading counted. The \"bare floor\" is the same 60 requests from a new process\n"
          + "   with no SDK: a plain-http OkHttp client and one Jackson mapper parsing each answer, timed from the\n"
          + "   client's creation: what the JVM, OkHttp and Jackson alone cost a fresh process.\n"
          + "   **Mixed demo, warmed JVM** (`MixedDemo`): the same 19 + 1 Braiins pools (on `127.0.251.x`), each\n"
          + "   start a new registry, transport and service in the harness's JVM, already warm; from\n"
          + "   `PoolRegistry.discover()` to the first platform tiles, median of seven starts after three\n"
          + "   warm-ups; beside it the 19 pools without the Braiins pool, started in alternating turns. The\n"
          + "   issue's aim for the mixed demo (1.5 × L) is judged here: in a fresh JVM, building the SDK and\n"
          + "   the JVM's own start-up (see the bare floor row) already take more than 1.5 × L.\n"
          + "2. **Single flight.** K threads, released together by one latch, each call `platformTiles()` on a cold\n"
          + "   service over 10 pools that answer after 500 ms (so that every reader has asked before the first\n"
          + "   answer); the figure is the count of requests each pool endpoint received.\n"
          + "3. **Warm serving.** The reference server (`PoolsServer`, in this process, H2 in memory) watches 100\n"
          + "   pools with a 30 min tile TTL and a warm cache; 16 client threads (`java.net.http.HttpClient`, HTTP/1.1)\n"
          + "   in a closed loop load `GET /api/dashboard/pools/platform-tiles` and then the trivial `GET /pools/types`\n"
          + "   (the plugin list: no pool, no database) in turns A B B A after a warm-up; throughput ratio and\n"
          + "   latency percentiles (nearest rank). Client and server share the two cores.\n"
          + "4. **Memory.** The live heap after forced full collections, before the SDK exists and again once it\n"
          + "   watches N pools refreshed three times (the transport's idle connections kept, as between\n"
          + "   refreshes; the\n"
          + "   simulators' request counters cleared); the difference divided by N. It includes the service's\n"
          + "   cache, the registry's, the transport's per-pool retry state and its live threads' objects: each\n"
          + "   transport thread that parsed a response keeps per-thread buffers (Jackson's buffer recycler, NIO's\n"
          + "   buffer cache) while it lives, and idle transport threads live 60 s, longer than the 30 s TTL.\n"
          + "5. **Scaling.** End to end: CPU time and heap allocation per refresh (`invalidateAll()` then\n"
          + "   `platformTiles()`), summed over every thread except the simulators' (`ThreadMXBean`), averaged\n"
          + "   over five refreshes after two warm-up ones. JMH: `TileAggregator.aggregate` and the JSON writing\n"
          + "   of the platform tiles and of every pool's tiles (`HmmPoolsJson` mapper), one fork, short\n"
          + "   iterations, `-prof gc` for the allocation per operation; made-up but complete tiles.\n"
          + "6. **Politeness.** 1000 readers poll the reference server's platform tiles once a second for one\n"
          + "   minute, 100 pools, the server's default tile TTL of 30 s. The server's cache runs on a ticker\n"
          + "   the harness moves one second per round of 1000 requests, so the simulated minute takes as long as\n"
          + "   its 60 000 requests take, not a minute; the pools answer in real time, well under a second.\n"
          + "   The figure is the count of requests each pool endpoint received in the minute; the fewest the\n"
          + "   cache window allows is 60 s / TTL.\n";
}
