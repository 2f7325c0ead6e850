package dev.danvic.hmm.pools.simulator;

import dev.danvic.hmm.pools.Coin;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts one simulated pool of each kind on loopback, prints how to configure them, and runs until
 * killed.
 *
 * <pre>
 * java dev.danvic.hmm.pools.simulator.Main [--bind 127.0.0.1] [--ports 4001,4002,4004]
 *     [--latency-ms 0] [--failure-rate 0] [--seed 1]
 * </pre>
 */
public final class Main {
  static final String USAGE =
      "usage: Main [--bind ADDRESS] [--ports SOLOPOOL,BRAIINS,MMFP] [--latency-ms N]"
          + " [--failure-rate 0..1] [--seed N]\n"
          + "  --bind          loopback IP literal to listen on (default 127.0.0.1)\n"
          + "  --ports         three TCP ports, 0 for any free one (default 4001,4002,4004)\n"
          + "  --latency-ms    delay of every answer in milliseconds (default 0)\n"
          + "  --failure-rate  probability of a 503 answer (default 0)\n"
          + "  --seed          seed of the simulated numbers (default 1)";

  private Main() {}

  /**
   * Starts Solopool (DGB), Braiins Pool (BTC) and MMFP (BCH) simulators and blocks until the JVM
   * is stopped; exits with status 2 and the usage on bad arguments.
   *
   * @param args see the class comment
   * @throws InterruptedException when the waiting main thread is interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    List<PoolSimulator> sims = startAll(options);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> sims.forEach(PoolSimulator::close)));
    describe(sims, System.out);
    new CountDownLatch(1).await();
  }

  /** Starts the three simulators; if one cannot start, closes the others and rethrows. */
  static List<PoolSimulator> startAll(Options o) {
    List<PoolSimulator> started = new ArrayList<>();
    try {
      started.add(start(o, PoolSimulator.Kind.SOLOPOOL, Coin.DGB, o.ports()[0]));
      started.add(start(o, PoolSimulator.Kind.BRAIINS, Coin.BTC, o.ports()[1]));
      started.add(start(o, PoolSimulator.Kind.MMFP, Coin.BCH, o.ports()[2]));
      return started;
    } catch (RuntimeException e) {
      started.forEach(PoolSimulator::close);
      throw e;
    }
  }

  private static PoolSimulator start(Options o, PoolSimulator.Kind kind, Coin coin, int port) {
    return PoolSimulator.builder()
        .kind(kind)
        .coin(coin)
        .bindAddress(o.bind())
        .port(port)
        .latency(Duration.ofMillis(o.latencyMs()))
        .failureRate(o.failureRate())
        .seed(o.seed())
        .build()
        .start();
  }

  /** Prints, per simulator, what to enter in a pool configuration. */
  static void describe(List<PoolSimulator> sims, PrintStream out) {
    out.println("Simulated pools (Ctrl-C to stop):");
    for (PoolSimulator sim : sims) {
      out.printf(
          "  pool_type=%-8s coin=%s  api_base_url=%s  url=%s port=%d%n",
          sim.kind().poolType(), sim.coin(), sim.baseUrl(), sim.bindAddress(), sim.port());
      switch (sim.kind()) {
        case SOLOPOOL:
          out.printf("      username (mining address): %s%n", sim.username());
          break;
        case BRAIINS:
          out.printf("      username: %s  token (Pool-Auth-Token): %s%n", sim.username(), sim.token());
          break;
        default:
          out.printf(
              "      workers: %s.<rig>  API key: %s%n",
              sim.username(), sim.token() == null ? "none" : sim.token());
          break;
      }
    }
    out.flush();
  }

  /**
   * Parsed command line.
   *
   * @param bind the address to listen on
   * @param ports the three ports
   * @param latencyMs latency in milliseconds
   * @param failureRate 0 to 1
   * @param seed the seed
   * @param help whether usage was asked for
   */
  record Options(String bind, int[] ports, long latencyMs, double failureRate, long seed, boolean help) {

    static Options parse(String[] args) {
      String bind = "127.0.0.1";
      int[] ports = {4001, 4002, 4004};
      long latency = 0;
      double failureRate = 0;
      long seed = 1;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--help") || name.equals("-h")) {
          return new Options(bind, ports, latency, failureRate, seed, true);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + name);
        }
        String value = args[++i];
        switch (name) {
          case "--bind":
            bind = value;
            break;
          case "--ports":
            ports = parsePorts(value);
            break;
          case "--latency-ms":
            latency = parseLong(name, value);
            if (latency < 0) {
              throw new IllegalArgumentException("--latency-ms must be 0 or more, got " + value);
            }
            break;
          case "--failure-rate":
            try {
              failureRate = Double.parseDouble(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--failure-rate must be a number from 0 to 1, got " + value);
            }
            break;
          case "--seed":
            seed = parseLong(name, value);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + name);
        }
      }
      return new Options(bind, ports, latency, failureRate, seed, false);
    }

    private static int[] parsePorts(String value) {
      String[] parts = value.split(",");
      if (parts.length != 3) {
        throw new IllegalArgumentException("--ports needs three ports (solopool,braiins,mmfp), got " + value);
      }
      int[] ports = new int[3];
      for (int i = 0; i < 3; i++) {
        ports[i] = (int) parseLong("--ports", parts[i].trim());
      }
      return ports;
    }

    private static long parseLong(String name, String value) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got " + value);
      }
    }
  }
}
