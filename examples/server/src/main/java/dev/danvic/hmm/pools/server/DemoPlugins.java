package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's pools of community plugins: a plugin jar may ship {@value #RESOURCE}, {@code
 * {"pool_type", "name", "url", "port", "config": {...}, "answers": {path: JSON}}}; the demo serves
 * those answers on 127.0.0.1 (a simulator of that pool) and stores a pool pointing at them through
 * {@code api_base_url}, under the fixed id {@code demo-<pool_type>}.
 */
final class DemoPlugins implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoPlugins.class);
  /** The resource a plugin jar ships its demo pool in. */
  static final String RESOURCE = "META-INF/hmm-pools/demo.json";

  private final List<HttpServer> servers = new ArrayList<>();

  /**
   * @param plugins the folder's plugins
   * @param store where the demo pools are stored (inserted, or re-pointed at this run's port)
   * @return the running answer servers; close to stop them
   */
  static DemoPlugins start(List<BasePoolIntegration> plugins, PoolStore store) {
    DemoPlugins out = new DemoPlugins();
    ObjectMapper json = new ObjectMapper();
    for (BasePoolIntegration plugin : plugins) {
      if (!(plugin.getClass().getClassLoader() instanceof URLClassLoader loader)) {
        continue;
      }
      URL resource = loader.findResource(RESOURCE); // this jar's own, never the server's
      if (resource == null) {
        continue;
      }
      try (InputStream in = resource.openStream()) {
        JsonNode demo = json.readTree(in);
        if (!plugin.poolType().equals(demo.path("pool_type").asText())) {
          continue;
        }
        HttpServer server = serve(demo.path("answers"));
        out.servers.add(server);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        store(store, demo, base);
        LOG.info("demo pool {} of plugin {} answered from {}", demoId(plugin.poolType()), plugin.poolType(), base);
      } catch (IOException | RuntimeException e) {
        LOG.warn("the demo pool of plugin {} was not started: {}", plugin.poolType(), e.toString());
      }
    }
    return out;
  }

  /** @param poolType a plugin's pool_type @return the id of its demo pool */
  static String demoId(String poolType) {
    return "demo-" + poolType;
  }

  private static HttpServer serve(JsonNode answers) throws IOException {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    answers.fields().forEachRemaining(e -> bodies.put(e.getKey(), e.getValue().toString().getBytes(StandardCharsets.UTF_8)));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = bodies.get(exchange.getRequestURI().getPath());
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private static void store(PoolStore store, JsonNode demo, String base) {
    String poolType = demo.path("pool_type").asText();
    String id = demoId(poolType);
    Optional<PoolConfig> existing = store.find(id);
    if (existing.isPresent()) {
      store.update(existing.get().toBuilder().config(PoolConfig.API_BASE_URL, base).build(), p -> {});
      return;
    }
    PoolConfig.Builder b =
        PoolConfig.builder()
            .id(id)
            .poolType(poolType)
            .name(demo.path("name").asText("Demo " + poolType))
            .url(demo.path("url").asText())
            .port(demo.path("port").asInt());
    demo.path("config").fields().forEachRemaining(e -> b.config(e.getKey(), e.getValue().asText()));
    store.insert(b.config(PoolConfig.API_BASE_URL, base).build());
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }

}
