package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records change events and lets a test wait for one of a kind. */
final class EventRecorder implements PoolChangeListener {
  final List<PoolChangeEvent> all = new CopyOnWriteArrayList<>();
  private final BlockingQueue<PoolChangeEvent> unseen = new LinkedBlockingQueue<>();

  @Override
  public void onChange(PoolChangeEvent event) {
    all.add(event);
    unseen.add(event);
  }

  /** Waits up to 10 s for the next event of a kind, skipping others. */
  PoolChangeEvent await(PoolChangeEvent.Kind kind) throws InterruptedException {
    while (true) {
      PoolChangeEvent e = unseen.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("a " + kind + " event within 10 s").isNotNull();
      if (e.kind() == kind) {
        return e;
      }
    }
  }
}
