package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.core.PoolChangeEvent;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket that tells dashboard pages to re-fetch (the seed's "WebSocket updates trigger
 * re-fetch"). Every service change is pushed to every connected page as one text message:
 *
 * <pre>{@code {"type":"refetch","event":"tiles_refreshed","pool_id":"...","time":"2026-02-05T12:00:00Z"}}</pre>
 *
 * <p>{@code event} is one of {@code added}, {@code updated}, {@code removed},
 * {@code tiles_refreshed}, {@code invalidated}. A page answers by fetching the dashboard endpoints
 * again; the message carries no tile data, so it can never disagree with them. On connect a page
 * gets {@code {"type":"hello"}}. Messages are sent from one background thread, in the order of the
 * events, so a slow page never holds up the service.
 */
final class LiveUpdates implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

  private final ObjectMapper json;
  private final Set<WsContext> pages = ConcurrentHashMap.newKeySet();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "hmm-pools-live-updates");
            t.setDaemon(true);
            return t;
          });

  LiveUpdates(ObjectMapper json) {
    this.json = json;
  }

  /** @param ws the WebSocket route's configuration */
  void configure(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
          pages.add(ctx);
          ctx.send("{\"type\":\"hello\"}");
        });
    ws.onClose(pages::remove);
    ws.onError(pages::remove);
    ws.onMessage(ctx -> {}); // pages only listen
  }

  /** @return how many pages are connected */
  int connectedPages() {
    return pages.size();
  }

  /** @param event a change of the dashboard service, pushed to every page */
  void publish(PoolChangeEvent event) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "refetch");
    message.put("event", event.kind().name().toLowerCase(Locale.ROOT));
    message.put("pool_id", event.poolId());
    message.put("time", event.time().toString());
    publishMessage(message);
  }

  /** @param message any JSON message with a {@code type}, pushed to every page (alerts use it) */
  void publishMessage(Map<String, Object> message) {
    String text;
    try {
      text = json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a live update", e);
    }
    try {
      sender.execute(() -> broadcast(text));
    } catch (RejectedExecutionException e) {
      LOG.debug("live updates closed; dropped a {} message", message.get("type"));
    }
  }

  private void broadcast(String text) {
    for (WsContext page : pages) {
      try {
        if (page.session.isOpen()) {
          page.send(text);
        } else {
          pages.remove(page);
        }
      } catch (RuntimeException e) {
        pages.remove(page);
        LOG.debug("dropped a page that could not be sent an update: {}", e.toString());
      }
    }
  }

  /** Stops sending; the server closes the sockets. */
  @Override
  public void close() {
    sender.shutdownNow();
    pages.clear();
  }
}
