package dev.danvic.hmm.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Detection of a self-hosted server by one probe: a GET sent once, without credentials (a probe
 * never carries a secret), that answers 200 with JSON of the expected shape.
 */
public final class JsonProbe {
  private JsonProbe() {}

  /**
   * @param context HTTP, JSON and time
   * @param url the URL to probe
   * @param looksRight whether the parsed body has the server's keys
   * @return whether it answered 200 with JSON that looks right; never fails (a refused connection,
   *     a timeout, a non-JSON body or a throwing test all read as {@code false})
   */
  public static CompletableFuture<Boolean> answers(PoolContext context, String url, Predicate<JsonNode> looksRight) {
    try {
      PoolRequest request = PoolRequest.get(url);
      return Failures.guard(() -> context.send(request))
          .thenApply(r -> r.status() == 200 && looksRight.test(LenientJson.parse(r, request.safeUrl())))
          .exceptionally(e -> false);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }
}
