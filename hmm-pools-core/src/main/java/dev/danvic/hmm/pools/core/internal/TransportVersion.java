package dev.danvic.hmm.pools.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The version of hmm-pools-core, for the {@code User-Agent} header. Not API. */
public final class TransportVersion {
  private static final String RESOURCE = "hmm-pools-version.properties";

  private TransportVersion() {}

  /**
   * @return the jar manifest's {@code Implementation-Version}, else the version Maven wrote into
   *     {@code hmm-pools-version.properties} at build time, else {@code "dev"}
   */
  public static String get() {
    String v = TransportVersion.class.getPackage().getImplementationVersion();
    if (usable(v)) {
      return v.trim();
    }
    try (InputStream in = TransportVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        v = p.getProperty("version");
        if (usable(v)) {
          return v.trim();
        }
      }
    } catch (IOException e) {
      // an unreadable resource only costs the version number in the User-Agent
    }
    return "dev";
  }

  private static boolean usable(@Nullable String v) {
    // an unfiltered resource (run from an IDE) still holds the ${...} placeholder
    return v != null && !v.isBlank() && !v.contains("${");
  }
}
