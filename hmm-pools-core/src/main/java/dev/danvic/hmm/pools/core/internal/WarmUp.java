package dev.danvic.hmm.pools.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  private static final CountDownLatch SENT = new CountDownLatch(1);
  private static volatile boolean stop;
  /** Whether it started in this JVM; guarded by the class. */
  private static boolean started;
  /** The thread while it runs; guarded by the class. */
  private static @Nullable Thread running;

  private WarmUp() {}

  /** Starts the head start unless it ran in this JVM already or is turned off. */
  public static synchronized void start() {
    if (started || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return;
    }
    started = true;
    // no inherited thread-locals, and the SDK's class loader rather than the caller's (a web
    // application's loader must not be held by an SDK thread)
    Thread t = new Thread(null, WarmUp::run, "hmm-pools-warm-up", 0, false);
    t.setContextClassLoader(WarmUp.class.getClassLoader());
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
    Thread t;
    synchronized (WarmUp.class) {
      t = running;
    }
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
    } catch (RuntimeException e) {
      // only a head start: the real use of these classes reports any problem with them
    } catch (LinkageError e) {
      // a class that failed to initialise here fails later with no cause on Java 17: say why now
      LOG.warn("hmm-pools could not set up its JSON reader or cache classes", e);
    } finally {
      synchronized (WarmUp.class) {
        running = null;
      }
    }
  }
}
