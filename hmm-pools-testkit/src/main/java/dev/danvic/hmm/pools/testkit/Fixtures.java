package dev.danvic.hmm.pools.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test fixtures (recorded or hand-written pool responses) from the test class path. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * @param resource a class-path resource, for example {@code "solopool/stats.json"}
   * @return its text, UTF-8
   * @throws IllegalArgumentException when it does not exist
   */
  public static String read(String resource) {
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture on the class path: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
