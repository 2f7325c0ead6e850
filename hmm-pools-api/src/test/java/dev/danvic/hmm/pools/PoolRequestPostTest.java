package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A POST of a JSON body (JSON-RPC to a node) keeps its body through every copy and never shows it. */
class PoolRequestPostTest {
  @Test
  void aPostKeepsItsBodyThroughCopiesAndShowsNeitherBodyNorSecrets() {
    PoolRequest post =
        PoolRequest.postJson("http://127.0.0.1:8332/", "{\"method\":\"getmininginfo\"}")
            .withSecretHeader("Authorization", "Basic c2VjcmV0")
            .withHeader("X-Trace", "1")
            .withRateLimit("node", Duration.ofSeconds(1));

    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.jsonBody()).isEqualTo("{\"method\":\"getmininginfo\"}");
    assertThat(post.toString())
        .startsWith("PoolRequest[POST http://127.0.0.1:8332/")
        .doesNotContain("getmininginfo")
        .doesNotContain("c2VjcmV0");
  }

  @Test
  void aGetHasNoBodyAsBefore() {
    PoolRequest get = new PoolRequest("https://pool.example/api/stats", java.util.Map.of(), java.util.Set.of(), null, null);
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.jsonBody()).isNull();
    assertThat(get).isEqualTo(PoolRequest.get("https://pool.example/api/stats"));
    assertThat(get.toString()).isEqualTo("PoolRequest[GET https://pool.example/api/stats]");
  }
}
