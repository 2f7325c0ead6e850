package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.core.PoolChangeEvent;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import dev.danvic.hmm.pools.core.PoolTileSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Waits until every pool of a running server has answered its first load (the server answers at
 * once, with the pools still loading marked {@code loading}): woken by the service's change
 * events, not by polling on a timer.
 */
final class DemoLoaded {
  private DemoLoaded() {}

  /** Waits up to 90 s (the demo's Braiins pool needs two requests 5 s apart for its first tiles) for every pool. */
  static void await(Main.Running running) throws Exception {
    Object signal = new Object();
    PoolChangeListener wake =
        e -> {
          if (e.kind() == PoolChangeEvent.Kind.TILES_REFRESHED) {
            synchronized (signal) {
              signal.notifyAll();
            }
          }
        };
    try (PoolChangeListener.Registration r = running.server.service().addListener(wake)) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (true) {
        Map<String, PoolTileSet> tiles = running.server.service().poolTiles().get(30, TimeUnit.SECONDS);
        if (tiles.values().stream().noneMatch(PoolTileSet::loading)) {
          return;
        }
        long left = end - System.nanoTime();
        assertThat(left).as("every pool answers within 90 s: " + tiles.keySet()).isPositive();
        synchronized (signal) {
          signal.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 1000));
        }
      }
    }
  }
}
