package dev.danvic.hmm.pools.quickstart;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.util.Map;

/**
 * Runs {@link Quickstart} against a Solopool simulator it starts on 127.0.0.1, so the quick start
 * shows live figures with no internet.
 */
public final class QuickstartDemo {
  private QuickstartDemo() {}

  /**
   * @param args ignored
   * @throws Exception when the simulator cannot start
   */
  public static void main(String[] args) throws Exception {
    try (PoolSimulator sim = startSolopool()) {
      System.out.println(Quickstart.run(Map.of(PoolConfig.API_BASE_URL, sim.baseUrl())));
    }
  }

  /** @return a running Solopool BTC simulator on 127.0.0.1 that knows the quick start's wallet */
  static PoolSimulator startSolopool() {
    return PoolSimulator.builder()
        .kind(PoolSimulator.Kind.SOLOPOOL)
        .coin(Coin.BTC)
        .bindAddress("127.0.0.1")
        .port(0)
        .username(Quickstart.WALLET)
        .build()
        .start();
  }
}
