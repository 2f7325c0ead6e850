package dev.danvic.hmm.pools.core.internal;

import dev.danvic.hmm.pools.ApiVersion;
import dev.danvic.hmm.pools.HmmPoolsException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a plugin built for an api this application cannot serve, before any of its methods runs.
 * The plugin's jar declares the api version it was compiled against ({@link
 * ApiVersion#MANIFEST_ATTRIBUTE}); {@link ApiVersion#canRun} decides. A plugin whose class does not
 * come from a local jar, or whose jar declares nothing, is accepted: there is nothing to judge.
 * Not API.
 */
public final class PluginApiCheck {
  /**
   * What each jar declares, by its path, size and modification time: plugins of one jar (every
   * built-in plugin in a shaded application jar of thousands of entries) are checked twice each,
   * and opening the jar again each time cost milliseconds per check in a fresh JVM. A jar
   * rewritten in place has another size or time, so it is read again.
   */
  private static final Map<String, Optional<String>> DECLARED = new ConcurrentHashMap<>();

  /** Jars remembered at most; past it the memory starts over (an application has a few). */
  private static final int MAX_JARS = 256;

  private PluginApiCheck() {}

  /**
   * @param pluginClass the plugin's class (loaded, not necessarily instantiated)
   * @param origin how the plugin reached the registry, for the message
   * @throws HmmPoolsException naming the plugin, the api version it was built for and the running
   *     one, when they are incompatible or the declared version cannot be read
   */
  public static void check(Class<?> pluginClass, String origin) {
    Optional<ApiVersion> running = ApiVersion.running();
    String declared = declaredApiVersion(pluginClass);
    if (declared == null || running.isEmpty()) {
      return;
    }
    String plugin = pluginClass.getName() + " (" + origin + ")";
    ApiVersion builtFor;
    try {
      builtFor = ApiVersion.parse(declared);
    } catch (IllegalArgumentException e) {
      throw new HmmPoolsException(
          "plugin " + plugin + " declares " + ApiVersion.MANIFEST_ATTRIBUTE + " '" + declared
              + "' in its jar's manifest, which is not a version; this application runs hmm-pools-api "
              + running.get());
    }
    ApiVersion api = running.get();
    if (!api.canRun(builtFor)) {
      String reason = builtFor.major() != api.major()
          ? "a plugin needs the same major version of the api"
          : "a plugin built for a newer minor version may call what this api does not have";
      String advice = builtFor.major() < api.major()
          ? "use a release of the plugin built for api " + api.major() + ".x"
          : "upgrade hmm-pools-api and hmm-pools-core to " + builtFor.major() + "." + builtFor.minor()
              + " or later, or use a release of the plugin built for api " + api.major() + "." + api.minor()
              + " or earlier";
      throw new HmmPoolsException(
          "plugin " + plugin + " was built for hmm-pools-api " + builtFor
              + " but this application runs hmm-pools-api " + api + ": " + reason + "; " + advice);
    }
  }

  /**
   * @return the {@link ApiVersion#MANIFEST_ATTRIBUTE} of the jar the class was loaded from, or
   *     null when the class does not come from a local jar or the jar declares none
   */
  static @Nullable String declaredApiVersion(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !"file".equals(location.getProtocol())) {
      return null;
    }
    try {
      Path path = Path.of(location.toURI());
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return null; // a classes directory: a build in progress, no manifest to read
      }
      // a text key: a record's equals and hashCode would bootstrap method handles in a fresh JVM
      // (the file key is the inode where there is one: a jar replaced by one of the same size and
      // time, as tools that fix file times make, is read again)
      String stamp =
          path + "\n" + attributes.size() + "\n" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)
              + "\n" + attributes.fileKey();
      Optional<String> known = DECLARED.get(stamp);
      if (known == null) {
        known = Optional.ofNullable(readDeclared(path));
        if (DECLARED.size() >= MAX_JARS) {
          DECLARED.clear();
        }
        DECLARED.put(stamp, known);
      }
      return known.orElse(null);
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return null; // an unreadable jar cannot be judged; loading it will tell
    }
  }

  private static @Nullable String readDeclared(Path path) throws IOException {
    try (JarFile jar = new JarFile(path.toFile())) {
      Manifest manifest = jar.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue(ApiVersion.MANIFEST_ATTRIBUTE);
    }
  }
}
