package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void guardTurnsAThrowOrANullFutureIntoAFailedFuture() {
    CompletableFuture<String> thrown = Failures.guard(() -> {
      throw new IllegalStateException("context closed");
    });
    assertThat(thrown).isCompletedExceptionally();
    assertThat(Failures.describe(thrown.handle((v, e) -> e).join())).isEqualTo("unexpected error: context closed");

    CompletableFuture<String> none = Failures.guard(() -> null);
    assertThat(none).isCompletedExceptionally();

    CompletableFuture<String> fine = CompletableFuture.completedFuture("ok");
    assertThat(Failures.guard(() -> fine)).isSameAs(fine);
  }

  @Test
  void describeUsesOurMessagesAndNamesForeignFailuresByKindOnly() {
    PoolApiException ours = PoolApiException.forStatus(503, "http://127.0.0.1:1/api/stats");
    assertThat(Failures.describe(new CompletionException(ours))).isEqualTo("HTTP 503 (server error) from http://127.0.0.1:1/api/stats");
    assertThat(Failures.describe(new TimeoutException())).isEqualTo("timed out");
    // a foreign message may carry a URL with a secret: only the type is named
    assertThat(Failures.describe(new RuntimeException("GET https://x/?token=abc failed"))).doesNotContain("abc");
  }
}
