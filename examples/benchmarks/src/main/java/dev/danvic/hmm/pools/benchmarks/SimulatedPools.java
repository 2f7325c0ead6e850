package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Simulated Solopool pools, each on its own loopback address ({@code 127.0.0.2}, {@code
 * 127.0.0.3}, ...), as real pools sit on different hosts. Every pool answers after the same
 * latency; a refresh of one pool is three requests sent at once ({@code /api/stats}, {@code
 * /api/blocks}, {@code /api/accounts/{address}}). Coins cycle through BTC, BCH, DGB and BC2.
 */
final class SimulatedPools implements AutoCloseable {
  /** The requests one Solopool refresh sends: one to each of these paths (the account path varies). */
  static final int REQUESTS_PER_REFRESH = 3;

  private static final Coin[] COINS = {Coin.BTC, Coin.BCH, Coin.DGB, Coin.BC2};

  private final List<PoolSimulator> simulators;
  private final List<PoolConfig> configs;

  private SimulatedPools(List<PoolSimulator> simulators, List<PoolConfig> configs) {
    this.simulators = simulators;
    this.configs = configs;
  }

  /**
   * Starts {@code count} simulators.
   *
   * @param count how many pools, 1 to 60 000
   * @param latency how long each answer is held back
   * @return the running pools; close them
   */
  static SimulatedPools start(int count, Duration latency) {
    List<PoolSimulator> sims = new ArrayList<>(count);
    List<PoolConfig> configs = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        Coin coin = COINS[i % COINS.length];
        PoolSimulator sim =
            PoolSimulator.builder()
                .kind(PoolSimulator.Kind.SOLOPOOL)
                .coin(coin)
                .bindAddress(address(i))
                .port(0)
                .latency(latency)
                .seed(1000L + i)
                .build()
                .start();
        sims.add(sim);
        configs.add(config(i, sim));
      }
    } catch (RuntimeException e) {
      sims.forEach(PoolSimulator::close);
      throw e;
    }
    return new SimulatedPools(Collections.unmodifiableList(sims), Collections.unmodifiableList(configs));
  }

  /**
   * @param index 0, 1, 2, ...
   * @return the loopback address of the pool with that index: {@code 127.0.0.2}, {@code
   *     127.0.0.3}, ... skipping host parts 0 and 255
   */
  static String address(int index) {
    if (index < 0 || index >= 254 * 254) {
      throw new IllegalArgumentException("pool index must be from 0 to " + (254 * 254 - 1) + ", was " + index);
    }
    int n = index + 1; // 127.0.0.1 is left to the reference server
    return "127.0." + (n / 254) + "." + (n % 254 + 1);
  }

  /**
   * One pool of the fresh-JVM and mixed-demo measures, started: MMFP pools mine DGB, the others
   * BTC; a Braiins pool gets an API token (one request per 5 s per token).
   *
   * @param kind the pool's engine
   * @param address its loopback address
   * @param seed its simulator's seed
   * @param latency how long each answer is held back
   * @return the started simulator
   */
  static PoolSimulator startMixed(PoolSimulator.Kind kind, String address, long seed, Duration latency) {
    PoolSimulator.Builder b =
        PoolSimulator.builder()
            .kind(kind)
            .coin(kind == PoolSimulator.Kind.MMFP ? Coin.DGB : Coin.BTC)
            .bindAddress(address)
            .port(0)
            .latency(latency)
            .seed(seed);
    if (kind == PoolSimulator.Kind.BRAIINS) {
      b.token("hmm-pools-benchmark-token");
    }
    return b.build().start();
  }

  private static PoolConfig config(int index, PoolSimulator sim) {
    return PoolConfig.builder()
        .id(String.format("pool-%05d", index))
        .poolType("solopool")
        .name("Simulated " + sim.coin() + " " + index)
        .url("stratum+tcp://" + sim.bindAddress())
        .port(3333)
        .username(sim.username())
        .config(Map.of(PoolConfig.API_BASE_URL, sim.baseUrl(), PoolConfig.COIN, sim.coin().name()))
        .build();
  }

  /** @return how many pools run */
  int size() {
    return simulators.size();
  }

  /**
   * @param count how many, from the first
   * @return the configurations of the first {@code count} pools
   */
  List<PoolConfig> configs(int count) {
    return configs.subList(0, count);
  }

  /** @return every simulator, in index order */
  List<PoolSimulator> simulators() {
    return simulators;
  }

  /**
   * @param count how many, from the first
   * @return the first {@code count} simulators
   */
  List<PoolSimulator> simulators(int count) {
    return simulators.subList(0, count);
  }

  /** Sets every simulator's request counts back to 0. */
  void resetCounts() {
    simulators.forEach(PoolSimulator::resetCounts);
  }

  /** @param latency the new answer delay of every simulator */
  void setLatency(Duration latency) {
    simulators.forEach(s -> s.setLatency(latency));
  }

  @Override
  public void close() {
    simulators.forEach(PoolSimulator::close);
  }
}
