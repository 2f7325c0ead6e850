package dev.danvic.hmm.pools.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ports of one {@code GET /pools/discover} request: {@code port=3333} (may repeat) and
 * {@code ports=3333,3334,4000-4004}, at most a fixed number in all, each 1&ndash;65535.
 */
final class DiscoverPorts {
  private DiscoverPorts() {}

  /**
   * @param port values of the {@code port} parameter
   * @param ports values of the {@code ports} parameter: comma-separated ports and {@code a-b} ranges
   * @param max the most ports allowed
   * @return the ports in the order given, without duplicates, never empty
   * @throws ApiError 400 naming {@code port} or {@code ports} when a value is not a port, a range is
   *     backwards, none is given, or more than {@code max} are asked for
   */
  static List<Integer> parse(List<String> port, List<String> ports, int max) {
    Set<Integer> out = new LinkedHashSet<>();
    for (String p : port) {
      out.add(single(p.trim(), "port"));
      checkCount(out, max);
    }
    for (String list : ports) {
      for (String item : list.split(",")) {
        String s = item.trim();
        if (s.isEmpty()) {
          continue;
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
          int from = single(s.substring(0, dash).trim(), "ports");
          int to = single(s.substring(dash + 1).trim(), "ports");
          if (to < from) {
            throw ApiError.badRequest("ports", "range '" + s + "' ends before it starts");
          }
          if ((long) to - from + 1 > max) {
            throw tooMany(max);
          }
          for (int p = from; p <= to; p++) {
            out.add(p);
            checkCount(out, max);
          }
        } else {
          out.add(single(s, "ports"));
          checkCount(out, max);
        }
      }
    }
    if (out.isEmpty()) {
      throw ApiError.badRequest("port", "is required: the stratum port (or ports=3333,3334,4000-4004)");
    }
    return new ArrayList<>(out);
  }

  private static int single(String s, String field) {
    if (!s.matches("\\d{1,6}")) {
      String shown = s.length() > 20 ? s.substring(0, 20) + "..." : s;
      throw ApiError.badRequest(field, "'" + shown + "' is not a port number");
    }
    int p = Integer.parseInt(s);
    if (p < 1 || p > 65_535) {
      throw ApiError.badRequest(field, "must be between 1 and 65535, was " + p);
    }
    return p;
  }

  private static void checkCount(Set<Integer> ports, int max) {
    if (ports.size() > max) {
      throw tooMany(max);
    }
  }

  private static ApiError tooMany(int max) {
    return ApiError.badRequest("ports", "at most " + max + " ports can be probed in one request");
  }
}
