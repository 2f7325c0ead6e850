package dev.danvic.hmm.pools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of this api module (the plugin contract), and the rule that decides whether a plugin
 * built against one version can run on another (see {@code VERSIONING.md}).
 *
 * <p>A plugin jar declares the api version it was compiled against in its manifest, attribute
 * {@value #MANIFEST_ATTRIBUTE} (the hmm-pools parent pom writes it; a plugin built elsewhere adds
 * it to its jar's manifest). The registry in core refuses a plugin whose declared version the
 * running api cannot serve, naming both versions, instead of failing later with a {@code
 * NoSuchMethodError}.
 *
 * @param major incompatible changes of the api; zero or more
 * @param minor additions that keep every existing plugin working; zero or more
 * @param patch fixes; zero or more
 */
public record ApiVersion(int major, int minor, int patch) {
  /** The jar manifest attribute in which a plugin declares the api version it was built against. */
  public static final String MANIFEST_ATTRIBUTE = "Hmm-Pools-Api-Version";

  private static final Pattern VERSION = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?([.-].*)?");
  private static final String RESOURCE = "hmm-pools-api.properties";

  /**
   * @throws IllegalArgumentException when a number is negative
   */
  public ApiVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "version numbers must not be negative, was " + major + "." + minor + "." + patch);
    }
  }

  /**
   * Reads a version such as {@code 1.2.3}, {@code 1.2} or {@code 1.2.3-SNAPSHOT}; a qualifier after
   * the numbers is ignored.
   *
   * @param text the version
   * @return the version
   * @throws IllegalArgumentException naming the text when it does not start with
   *     {@code MAJOR.MINOR}
   */
  public static ApiVersion parse(String text) {
    Matcher m = text == null ? null : VERSION.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not an api version (MAJOR.MINOR[.PATCH]): '" + text + "'");
    }
    return new ApiVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /**
   * The version of the api module this code runs on, as Maven wrote it into the module at build
   * time.
   *
   * @return the version; empty only when the api's classes run unbuilt (from an IDE's output
   *     folder without resource filtering), in which case no plugin can be judged
   */
  public static Optional<ApiVersion> running() {
    try (InputStream in = ApiVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return Optional.of(parse(p.getProperty("version", "")));
      }
    } catch (IOException | IllegalArgumentException e) {
      // an unreadable or unfiltered resource: fall through to "unknown"
    }
    return Optional.empty();
  }

  /**
   * Whether a plugin built against {@code builtFor} runs on this api: the same major version, and a
   * minor version no newer than this one (a newer minor may call methods this api does not have).
   * The patch version never matters.
   *
   * @param builtFor the api version the plugin was compiled against
   * @return whether this api can serve it
   */
  public boolean canRun(ApiVersion builtFor) {
    return builtFor.major == major && builtFor.minor <= minor;
  }

  /** @return {@code MAJOR.MINOR.PATCH} */
  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
