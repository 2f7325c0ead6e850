package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.core.PoolTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Community plugins from a folder: every {@code *.jar} in it is loaded in a class loader of its
 * own (the api and core come from the server) and its plugins found through {@link
 * ServiceLoader}. A jar that cannot be read, lists no plugin, names a class it lacks, was built for
 * another api ({@link PoolRegistry#checkApiVersion}), reports invalid metadata, or provides a
 * {@code pool_type} the server already has (built in or from an earlier jar, in file-name order)
 * is skipped whole: its problem is logged and kept for {@code /health}, and the server carries on.
 */
final class PluginFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PluginFolder.class);
  /** The {@code origin} of a plugin on the server's own class path. */
  static final String BUILT_IN = "built-in";

  /** Where a plugin came from, for {@code GET /pools/types}. */
  record Origin(String origin, String artifact, String version) {}

  /** A jar that was skipped, and why. */
  record Problem(String jar, String error) {}

  private final List<BasePoolIntegration> plugins = new ArrayList<>();
  private final Map<Class<?>, Origin> origins = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<URLClassLoader> loaders = new ArrayList<>();
  private final @Nullable Path folder;

  private PluginFolder(@Nullable Path folder) {
    this.folder = folder;
  }

  /** @return no folder: built-in plugins only */
  static PluginFolder none() {
    return new PluginFolder(null);
  }

  /**
   * @param folder the folder; a missing one holds no plugins
   * @param builtIn the {@code pool_type}s on the server's class path
   * @param transport a transport for the trial registry that checks each plugin's metadata (no
   *     request is sent)
   * @return the plugins of the jars that loaded, and the problems of the others
   */
  static PluginFolder load(Path folder, List<String> builtIn, PoolTransport transport) {
    PluginFolder out = new PluginFolder(folder);
    if (!Files.isDirectory(folder)) {
      LOG.info("plugins folder {} does not exist: built-in plugins only", folder.toAbsolutePath());
      return out;
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.jar")) {
      dir.forEach(jars::add);
    } catch (IOException e) {
      out.problem(folder.toString(), "the plugins folder cannot be read: " + e.getMessage());
      return out;
    }
    Collections.sort(jars);
    Map<String, String> taken = new LinkedHashMap<>();
    builtIn.forEach(t -> taken.put(t, "a built-in plugin"));
    for (Path jar : jars) {
      out.loadJar(jar, taken, transport);
    }
    return out;
  }

  private void loadJar(Path jar, Map<String, String> taken, PoolTransport transport) {
    String name = jar.getFileName().toString();
    Origin origin;
    try {
      origin = describeJar(jar, name);
    } catch (IOException | RuntimeException e) {
      problem(name, "not a readable jar (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      return;
    }
    URLClassLoader loader;
    try {
      loader = new URLClassLoader("plugin " + name, new URL[] {jar.toUri().toURL()}, PluginFolder.class.getClassLoader());
    } catch (MalformedURLException e) {
      problem(name, "cannot be loaded: " + e.getMessage());
      return;
    }
    List<BasePoolIntegration> found = new ArrayList<>();
    try {
      Iterator<ServiceLoader.Provider<BasePoolIntegration>> it =
          ServiceLoader.load(BasePoolIntegration.class, loader).stream().iterator();
      while (it.hasNext()) {
        ServiceLoader.Provider<BasePoolIntegration> provider = it.next();
        if (provider.type().getClassLoader() != loader) {
          continue; // a plugin of the server's own class path, seen through the parent
        }
        PoolRegistry.checkApiVersion(provider.type(), name);
        BasePoolIntegration plugin = provider.get();
        // the registry's own metadata checks (pool_type, name, coins), on a registry of this plugin only
        PoolRegistry.builder().transport(transport).register(plugin).build().close();
        found.add(plugin);
      }
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "lists no pool plugin in META-INF/services/" + BasePoolIntegration.class.getName());
      }
      Map<String, String> inJar = new LinkedHashMap<>();
      for (BasePoolIntegration p : found) {
        String previous = taken.getOrDefault(p.poolType(), inJar.put(p.poolType(), "another plugin of this jar"));
        if (previous != null) {
          throw new IllegalStateException(
              "provides pool_type '" + p.poolType() + "', which " + previous + " already provides");
        }
      }
    } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
      problem(name, message(e));
      closeQuietly(loader);
      return;
    }
    for (BasePoolIntegration p : found) {
      taken.put(p.poolType(), name);
      origins.put(p.getClass(), origin);
      plugins.add(p);
      LOG.info("plugin {} ({} {}) loaded from {}", p.poolType(), origin.artifact(), origin.version(), name);
    }
    loaders.add(loader);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    if (e instanceof LinkageError) {
      return "needs a class the server does not have (" + e.getClass().getSimpleName() + ": " + m + ")";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private void problem(String jar, String error) {
    LOG.warn("plugin jar {} in {} skipped: {}", jar, folder, error);
    problems.add(new Problem(jar, error));
  }

  /** @return the plugins that loaded, to register with the registry */
  List<BasePoolIntegration> plugins() {
    return List.copyOf(plugins);
  }

  /** @return the jars skipped, in file-name order */
  List<Problem> problems() {
    return List.copyOf(problems);
  }

  /**
   * @param plugin a plugin of the registry
   * @return where it came from: its jar's file name, or {@value #BUILT_IN} with the artifact and
   *     version its jar declares
   */
  Origin origin(BasePoolIntegration plugin) {
    Origin o = origins.get(plugin.getClass());
    return o != null ? o : builtIn(plugin.getClass());
  }

  /** Closes the class loaders of the loaded jars (after the registry that uses them). */
  @Override
  public void close() {
    loaders.forEach(PluginFolder::closeQuietly);
    loaders.clear();
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", loader.getName(), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ artifact and version

  private static Origin describeJar(Path jar, String name) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<Properties> poms = pomProperties(file);
      if (poms.size() == 1) {
        Properties p = poms.get(0);
        return new Origin(name, p.getProperty("groupId") + ":" + p.getProperty("artifactId"), p.getProperty("version", "unknown"));
      }
      Attributes main = mainAttributes(file);
      return new Origin(
          name,
          attribute(main, Attributes.Name.IMPLEMENTATION_TITLE, name.replaceFirst("\\.jar$", "")),
          attribute(main, Attributes.Name.IMPLEMENTATION_VERSION, "unknown"));
    }
  }

  /**
   * A built-in plugin's artifact and version: from its own jar, or, inside the server's shaded jar,
   * from the {@code pom.properties} of the artifact named after the plugin's package.
   */
  static Origin builtIn(Class<?> type) {
    return BUILT_IN_ORIGINS.get(type);
  }

  /**
   * A built-in plugin's artifact, read from its jar once per class: {@code GET /pools/types} asks on
   * every request, and a jar (a shaded one above all) has thousands of entries to scan.
   */
  private static final ClassValue<Origin> BUILT_IN_ORIGINS =
      new ClassValue<>() {
        @Override
        protected Origin computeValue(Class<?> type) {
          return describeBuiltIn(type);
        }
      };

  private static Origin describeBuiltIn(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    try {
      Path path = source == null ? null : Path.of(source.getLocation().toURI());
      if (path != null && Files.isRegularFile(path)) {
        try (JarFile file = new JarFile(path.toFile())) {
          List<Properties> poms = pomProperties(file);
          String pkg = type.getPackageName();
          String last = pkg.substring(pkg.lastIndexOf('.') + 1);
          for (Properties p : poms) {
            if (poms.size() == 1 || p.getProperty("artifactId", "").endsWith("-" + last)) {
              return new Origin(BUILT_IN, p.getProperty("groupId") + ":" + p.getProperty("artifactId"),
                  p.getProperty("version", "unknown"));
            }
          }
          Attributes main = mainAttributes(file);
          return new Origin(BUILT_IN, attribute(main, Attributes.Name.IMPLEMENTATION_TITLE, "unknown"),
              attribute(main, Attributes.Name.IMPLEMENTATION_VERSION, "unknown"));
        }
      }
    } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
      LOG.debug("no artifact found for {}: {}", type.getName(), e.toString());
    }
    return new Origin(BUILT_IN, "unknown", "unknown"); // a classes folder: a build in progress
  }

  private static List<Properties> pomProperties(JarFile file) throws IOException {
    List<Properties> out = new ArrayList<>();
    Enumeration<JarEntry> entries = file.entries();
    while (entries.hasMoreElements()) {
      JarEntry e = entries.nextElement();
      if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
        Properties p = new Properties();
        try (InputStream in = file.getInputStream(e)) {
          p.load(in);
        }
        out.add(p);
      }
    }
    return out;
  }

  private static @Nullable Attributes mainAttributes(JarFile file) throws IOException {
    Manifest m = file.getManifest();
    return m == null ? null : m.getMainAttributes();
  }

  private static String attribute(@Nullable Attributes a, Attributes.Name name, String fallback) {
    String v = a == null ? null : a.getValue(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
