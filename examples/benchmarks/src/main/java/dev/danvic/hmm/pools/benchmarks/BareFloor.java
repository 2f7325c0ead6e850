package dev.danvic.hmm.pools.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The floor of {@link FreshJvm}'s first fan-out, in the child process: the 60 requests the SDK
 * sends for 10 Solopool and 10 MMFP pools, from a plain-http OkHttp client (no TLS set up, as the
 * SDK's own client for {@code http} pools) with no SDK around it, every answer parsed into a
 * Jackson tree by one {@code ObjectMapper}. Timed from the client's creation until the last tree.
 */
final class BareFloor {
  private BareFloor() {}

  /**
   * @param pools the pool lines of {@link FreshJvm} (id, type, API base URL, coin, user name, token)
   * @param result the marker of the result line
   */
  static void main(List<String> pools, String result) {
    List<String> urls = new ArrayList<>();
    for (String line : pools) {
      String[] f = line.split("\t");
      String base = f[2];
      if (f[1].equals("mmfp")) {
        String coin = f[3].toUpperCase(Locale.ROOT);
        urls.add(base + "/api/v1/health");
        urls.add(base + "/api/v1/" + coin + "/metrics/pool");
        urls.add(base + "/api/v1/" + coin + "/metrics/miners");
      } else {
        urls.add(base + "/api/stats");
        urls.add(base + "/api/blocks");
        urls.add(base + "/api/accounts/" + f[4]);
      }
    }
    long t0 = System.nanoTime();
    OkHttpClient client = new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    ObjectMapper mapper = new ObjectMapper();
    int failed = BareCalls.send(client, urls, body -> mapper.readTree(body.string()));
    long end = System.nanoTime();
    System.out.println(
        result + " tiles=" + (end - t0) + " cpu=" + FreshJvm.processCpuNanos() + " classes="
            + java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
            + " failed=" + failed);
  }
}
