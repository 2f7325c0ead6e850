package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Community plugins dropped into the plugins folder: the custom plugin's jar (built by
 * examples/custom-plugin and copied by this module's build into target/demo-plugins) next to
 * broken, duplicate and incompatible jars.
 */
class PluginFolderTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Path customPluginJar() throws IOException {
    Path folder = Main.demoPluginsFolder();
    try (Stream<Path> jars = Files.list(folder)) {
      return jars.filter(p -> p.getFileName().toString().startsWith("hmm-pools-custom-plugin")).findFirst()
          .orElseThrow(() -> new IllegalStateException("the build copies the custom plugin into " + folder));
    }
  }

  @Test
  void aJarDroppedIntoThePluginsFolderServesItsPoolTypeAndTilesAndBadJarsAreReportedNotFatal(@TempDir Path dir) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path custom = customPluginJar();
    Files.copy(custom, plugins.resolve("hashhut.jar"));
    Files.copy(custom, plugins.resolve("zz-copy.jar")); // the same pool_type again
    Files.write(plugins.resolve("broken.jar"), "this is not a zip file".getBytes(StandardCharsets.UTF_8));
    rewrite(custom, plugins.resolve("aa-future-api.jar"), "99.0.0", null);
    rewrite(custom, plugins.resolve("missing-class.jar"), null, "com.example.missing.NoSuchPlugin\n");
    Files.write(plugins.resolve("notes.txt"), "not a jar: ignored".getBytes(StandardCharsets.UTF_8));

    Main.Options options = Main.Options.parse(
        new String[] {"--port", "0", "--db", ServerFixture.jdbcUrl(dir), "--plugins", plugins.toString()}, Map.of());
    try (Main.Running running = Main.start(options);
        Answers pool = new Answers(demoAnswer(custom))) {
      JsonNode types = json(get(running, "/pools/types"));
      JsonNode hashhut = find(types, "hashhut");
      assertThat(hashhut).as(types.toString()).isNotNull();
      assertThat(hashhut.get("origin").asText()).isEqualTo("hashhut.jar");
      assertThat(hashhut.get("artifact").asText()).isEqualTo("dev.danvic.hmm:hmm-pools-custom-plugin");
      assertThat(hashhut.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
      assertThat(hashhut.get("display_name").asText()).isEqualTo("HashHut");
      JsonNode solopool = find(types, "solopool");
      assertThat(solopool.get("origin").asText()).isEqualTo(PluginFolder.BUILT_IN);
      assertThat(solopool.get("artifact").asText()).isEqualTo("dev.danvic.hmm:hmm-pools-solopool");

      JsonNode problems = json(get(running, "/health")).get("plugin_problems");
      assertThat(problems).hasSize(4);
      assertThat(problem(problems, "aa-future-api.jar")).contains("99.0.0");
      assertThat(problem(problems, "broken.jar")).contains("not a readable jar");
      assertThat(problem(problems, "missing-class.jar")).contains("com.example.missing.NoSuchPlugin");
      assertThat(problem(problems, "zz-copy.jar")).contains("pool_type 'hashhut'", "hashhut.jar");

      // a pool of the community type is stored, watched and gets its tiles
      HttpResponse<String> created = post(running, "/pools", "{\"pool_type\":\"hashhut\",\"url\":\"stratum+tcp://btc.hashhut.example\","
          + "\"port\":3333,\"config\":{\"api_base_url\":\"" + pool.base() + "\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = json(created).get("id").asText();
      JsonNode tiles = json(get(running, "/api/dashboard/pools?pool_id=" + id)).get(id);
      assertThat(tiles.at("/tile_1_health/health_status").asBoolean()).as(tiles.toString()).isTrue();
      assertThat(tiles.at("/tile_2_network/pool_hashrate").asDouble()).isEqualTo(1.25e18);
      assertThat(tiles.at("/tile_1_health/active_workers").asInt()).isEqualTo(1840);
    }
  }

  @Test
  void withoutAFolderTheServerRunsOnItsBuiltInPlugins(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(
        new String[] {"--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of("HMM_POOLS_PLUGINS", dir.resolve("absent").toString()));
    try (Main.Running running = Main.start(options)) {
      assertThat(find(json(get(running, "/pools/types")), "hashhut")).isNull();
      assertThat(json(get(running, "/health")).get("plugin_problems")).isEmpty();
    }
  }

  @Test
  void theDemoLoadsTheCustomPluginFromItsFolderByDefault() {
    Main.Options options = Main.Options.parse(new String[] {"--demo"}, Map.of());
    assertThat(options.pluginsFolder()).isEqualTo(Main.demoPluginsFolder());
    assertThat(Main.Options.parse(new String[0], Map.of()).pluginsFolder()).isEqualTo(Path.of("plugins"));
  }

  /** The stats answer the plugin ships for the demo, read from its jar. */
  static String demoAnswer(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(DemoPlugins.RESOURCE))) {
      return ServerFixture.JSON.readTree(in).at("/answers/~1api~1v1~1stats").toString();
    }
  }

  /** A copy of the jar with another api version in its manifest, or another services file. */
  static void rewrite(Path from, Path to, String apiVersion, String services) throws IOException {
    try (JarFile in = new JarFile(from.toFile())) {
      Manifest manifest = new Manifest(in.getManifest());
      if (apiVersion != null) {
        manifest.getMainAttributes().put(new Attributes.Name("Hmm-Pools-Api-Version"), apiVersion);
      }
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(to), manifest)) {
        Enumeration<JarEntry> entries = in.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          if (e.getName().equals(JarFile.MANIFEST_NAME)) {
            continue;
          }
          out.putNextEntry(new JarEntry(e.getName()));
          if (services != null && e.getName().equals("META-INF/services/dev.danvic.hmm.pools.BasePoolIntegration")) {
            out.write(services.getBytes(StandardCharsets.UTF_8));
          } else {
            in.getInputStream(e).transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
  }

  private static JsonNode find(JsonNode types, String poolType) {
    for (JsonNode t : types) {
      if (poolType.equals(t.get("pool_type").asText())) {
        return t;
      }
    }
    return null;
  }

  private static String problem(JsonNode problems, String jar) {
    for (JsonNode p : problems) {
      if (jar.equals(p.get("jar").asText())) {
        return p.get("error").asText();
      }
    }
    throw new AssertionError("no problem reported for " + jar + " in " + problems);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return ServerFixture.JSON.readTree(r.body());
  }

  private HttpResponse<String> get(Main.Running running, String path) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  private HttpResponse<String> post(Main.Running running, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A HashHut pool on 127.0.0.1 answering its statistics. */
  static final class Answers implements AutoCloseable {
    private final HttpServer server;

    Answers(String stats) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] body = stats.getBytes(StandardCharsets.UTF_8);
      server.createContext("/api/v1/stats", exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
    }

    String base() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

}
