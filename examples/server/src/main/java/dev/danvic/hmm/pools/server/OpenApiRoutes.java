package dev.danvic.hmm.pools.server;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of the server's REST API (the resource
 * {@value #RESOURCE}, written by hand beside the routes; a test checks that every route is in it
 * and that real answers validate against its schemas).
 */
final class OpenApiRoutes {
  /** The document, on the class path. */
  static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  OpenApiRoutes() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the server's jar lacks " + RESOURCE);
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void register(RoutesConfig r) {
    r.get("/openapi.json", ctx -> {
      ctx.contentType("application/json");
      ctx.header("Cache-Control", "no-cache");
      ctx.result(document);
    });
  }
}
