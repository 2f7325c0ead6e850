package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.ApiVersion;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.HmmPoolsException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar built for an api this one cannot serve is refused when the registry is built, with
 * both versions in the message, before any of the plugin's code runs. The jars are built here: a
 * small plugin compiled against the api under test, packed with a manifest that declares the api
 * version of the case, loaded through its own class loader as an application would.
 */
class PluginApiVersionTest {
  static final String PLUGIN_CLASS = "test.jarplugin.JarPlugin";
  static final String PLUGIN_SOURCE = """
      package test.jarplugin;

      import dev.danvic.hmm.pools.*;
      import java.net.URI;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;

      public final class JarPlugin implements BasePoolIntegration {
        /** How many instances were made: a refused plugin must never be constructed. */
        public static int constructed;

        public JarPlugin() { constructed++; }

        @Override public String poolType() { return "jarplugin"; }
        @Override public String displayName() { return "Plugin from a jar"; }
        @Override public URI documentationUrl() { return URI.create("https://example.invalid/"); }
        @Override public List<String> supportedCoins() { return List.of("BTC"); }
        @Override public boolean requiresApiKey() { return false; }
        @Override public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
          return CompletableFuture.completedFuture(false);
        }
        @Override public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
          return CompletableFuture.failedFuture(new UnsupportedOperationException("not used"));
        }
        @Override public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
          return CompletableFuture.failedFuture(new UnsupportedOperationException("not used"));
        }
      }
      """;

  static Path classes;
  static ApiVersion running;

  @TempDir Path jars;

  @BeforeAll
  static void compileThePlugin(@TempDir Path dir) throws IOException, URISyntaxException {
    running = ApiVersion.running().orElseThrow(() -> new AssertionError("the api under test has no version"));
    Path source = dir.resolve("src/test/jarplugin/JarPlugin.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, PLUGIN_SOURCE);
    classes = Files.createDirectories(dir.resolve("classes"));
    Path api = Path.of(BasePoolIntegration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK runs the tests").isNotNull();
    int status = javac.run(null, null, System.err,
        "--release", "17", "-cp", api.toString(), "-d", classes.toString(), source.toString());
    assertThat(status).as("the test plugin compiles against the api").isZero();
  }

  @Test
  void aPluginBuiltForAnotherMajorVersionIsRefusedNamingBothVersions() throws Exception {
    ApiVersion builtFor = new ApiVersion(running.major() + 1, 0, 0);
    try (URLClassLoader loader = loaderOf(pluginJar(builtFor.toString()))) {
      assertThatThrownBy(() -> discoverWith(loader))
          .isInstanceOf(HmmPoolsException.class)
          .hasMessageContaining(PLUGIN_CLASS)
          .hasMessageContaining("built for hmm-pools-api " + builtFor)
          .hasMessageContaining("runs hmm-pools-api " + running)
          .hasMessageContaining("same major version");
      assertThat(constructed(loader)).as("refused before its constructor ran").isZero();
    }
  }

  @Test
  void aPluginBuiltForANewerMinorVersionIsRefusedNamingBothVersions() throws Exception {
    ApiVersion builtFor = new ApiVersion(running.major(), running.minor() + 1, 0);
    try (URLClassLoader loader = loaderOf(pluginJar(builtFor.toString()))) {
      assertThatThrownBy(() -> discoverWith(loader))
          .isInstanceOf(HmmPoolsException.class)
          .hasMessageContaining("built for hmm-pools-api " + builtFor)
          .hasMessageContaining("runs hmm-pools-api " + running)
          .hasMessageContaining("upgrade hmm-pools-api and hmm-pools-core to " + builtFor.major() + "." + builtFor.minor());
      assertThat(constructed(loader)).isZero();
    }
  }

  @Test
  void aPluginBuiltForThisMinorVersionWithAnotherPatchIsDiscoveredAndServed() throws Exception {
    String builtFor = running.major() + "." + running.minor() + "." + (running.patch() + 3) + "-SNAPSHOT";
    Path jar = pluginJar(builtFor);
    try (URLClassLoader loader = loaderOf(jar);
        PoolRegistry registry = discoverWith(loader)) {
      BasePoolIntegration plugin = registry.require("jarplugin");
      assertThat(plugin.getClass().getProtectionDomain().getCodeSource().getLocation())
          .as("the plugin came from the jar built here")
          .isEqualTo(jar.toUri().toURL());
      assertThat(registry.plugin("discoverable")).as("the other plugins are still there").isPresent();
    }
  }

  @Test
  void aPluginBuiltForAnOlderMinorVersionRuns() throws Exception {
    // a minor release only adds: a plugin built for x.0 runs on every x.y
    try (URLClassLoader loader = loaderOf(pluginJar(running.major() + ".0"));
        PoolRegistry registry = discoverWith(loader)) {
      assertThat(registry.plugin("jarplugin")).isPresent();
    }
  }

  @Test
  void aPluginRegisteredExplicitlyFromAnIncompatibleJarIsRefusedWhenTheRegistryIsBuilt() throws Exception {
    ApiVersion builtFor = new ApiVersion(running.major() + 2, 1, 0);
    try (URLClassLoader loader = loaderOf(pluginJar(builtFor.toString()))) {
      BasePoolIntegration plugin = (BasePoolIntegration)
          Class.forName(PLUGIN_CLASS, true, loader).getConstructor().newInstance();
      PoolRegistry.Builder builder = PoolRegistry.builder().register(plugin);
      assertThatThrownBy(builder::build)
          .isInstanceOf(HmmPoolsException.class)
          .hasMessageContaining("registered explicitly")
          .hasMessageContaining("built for hmm-pools-api " + builtFor)
          .hasMessageContaining("runs hmm-pools-api " + running);
    }
  }

  @Test
  void aJarThatDeclaresNoVersionIsAccepted() throws Exception {
    // a plugin built without the hmm-pools parent pom: nothing to judge, so it is loaded
    try (URLClassLoader loader = loaderOf(pluginJar(null));
        PoolRegistry registry = discoverWith(loader)) {
      assertThat(registry.plugin("jarplugin")).isPresent();
    }
  }

  @Test
  void aDeclaredVersionThatIsNotAVersionIsRefusedNamingIt() throws Exception {
    try (URLClassLoader loader = loaderOf(pluginJar("latest"))) {
      assertThatThrownBy(() -> discoverWith(loader))
          .isInstanceOf(HmmPoolsException.class)
          .hasMessageContaining(ApiVersion.MANIFEST_ATTRIBUTE + " 'latest'")
          .hasMessageContaining("runs hmm-pools-api " + running);
    }
  }

  /** A plugin jar: the compiled class, its service file, and a manifest declaring {@code apiVersion}. */
  Path pluginJar(@Nullable String apiVersion) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (apiVersion != null) {
      manifest.getMainAttributes().putValue(ApiVersion.MANIFEST_ATTRIBUTE, apiVersion);
    }
    Path jar = jars.resolve("jarplugin-" + (apiVersion == null ? "none" : apiVersion) + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + BasePoolIntegration.class.getName()));
      out.write((PLUGIN_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      try (var files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(f));
          out.closeEntry();
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return jar;
  }

  URLClassLoader loaderOf(Path jar) throws IOException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }

  /** Discovery as an application does it: with the plugin jar on the context class loader. */
  static PoolRegistry discoverWith(ClassLoader loader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return PoolRegistry.builder().transport(new FakeTransport(Clock.systemUTC())).discover().build();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  static int constructed(ClassLoader loader) throws ReflectiveOperationException {
    return Class.forName(PLUGIN_CLASS, false, loader).getField("constructed").getInt(null);
  }
}
