package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolResponseTest {

  @Test
  void headersAreFoundWhateverTheCaseTheyWereGivenIn() {
    // a PoolContext other than core's (a test double, an adapter) may keep the server's spelling
    PoolResponse r =
        new PoolResponse(429, "application/json", "", Map.of("Retry-After", List.of("3")), 1.0);

    assertThat(r.header("Retry-After")).isEqualTo("3");
    assertThat(r.header("retry-after")).isEqualTo("3");
    assertThat(r.headers()).containsOnlyKeys("retry-after");
  }

  @Test
  void valuesOfOneHeaderSpelledTwoWaysAreKeptTogether() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Set-Cookie", List.of("a=1"));
    headers.put("set-cookie", List.of("b=2"));

    PoolResponse r = new PoolResponse(200, null, "{}", headers, 1.0);

    assertThat(r.headers().get("set-cookie")).containsExactly("a=1", "b=2");
    assertThat(r.header("SET-COOKIE")).isEqualTo("a=1");
  }
}
