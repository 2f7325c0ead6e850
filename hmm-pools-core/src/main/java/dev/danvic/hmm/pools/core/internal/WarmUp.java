package dev.danvic.hmm.pools.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A head start for a fresh JVM. Once per JVM, when the first registry is being built, a daemon
 * thread sets up Caffeine (the caches the transport and the dashboard service build next) while the
 * caller's thread builds the transport. Then it waits for the first request to be sent and, while
 * that request waits for its answer, sets up the Jackson reader of pools' answers ({@link
 * LenientJson}), whose mapper would otherwise be built after the first answer arrived, on the way
 * to the first tiles. It is work the process does anyway, done earlier or while it would otherwise
 * only wait: no request, no file, nothing a user sees. Without a request within 10 s, or once a
 * registry is closed, it ends without the reader. {@code -Ddev.danvic.hmm.pools.warmUp=false}
 * turns it off. Not API.
 */
public final class WarmUp {
  /** The system property that turns the head start off when set to {@code false}. */
  public static final String PROPERTY = "dev.danvic.hmm.pools.warmUp";

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final CountDownLatch SENT = new CountDownLatch(1);
  private static volatile boolean stop;
  private static volatile @Nullable Thread running;

  private WarmUp() {}

  /** Starts the head start unless it ran in this JVM already or is turned off. */
  public static void start() {
    if (STARTED.get() || "false".equalsIgnoreCase(System.getProperty(PROPERTY)) || !STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(WarmUp::run, "hmm-pools-warm-up");
    t.setDaemon(true);
    running = t;
    t.start();
  }

  /** A request was handed to the network: its wait for the answer is the time to read ahead. */
  public static void requestSent() {
    if (SENT.getCount() > 0) {
      SENT.countDown();
    }
  }

  /**
   * Ends the head start and waits, at most 5 s, for it to end (a registry's {@code close()}: no SDK
   * thread outlives it). Returns at once when none runs or when called from the head start itself.
   */
  public static void awaitEnded() {
    Thread t = running;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    stop = true;
    SENT.countDown();
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run() {
    try {
      Cache<String, String> cache = Caffeine.newBuilder().executor(Runnable::run).build();
      cache.put("warm", "up");
      if (!SENT.await(10, TimeUnit.SECONDS) || stop) {
        return;
      }
      JsonNode tree =
          LenientJson.parse(
              new PoolResponse(200, "application/json", "{\"a\":[1,2.5,\"b\",true,null,{}]}", Map.of(), 0),
              "warm-up");
      TreeBytes.write(tree);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | LinkageError e) {
      // only a head start: the real use of these classes reports any problem with them
    } finally {
      running = null;
    }
  }
}
