package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolConfigTest {
  private static final String TOKEN = "tok-SECRET-9f8e7d";

  private static PoolConfig.Builder valid() {
    return PoolConfig.builder().id("p1").poolType("braiins").url("stratum+tcp://eu.stratum.braiins.com").port(3333);
  }

  @Test
  void validConfigKeepsItsFieldsAndDefaultsTheName() {
    PoolConfig c = valid().username("alice").apiKey(TOKEN).config("coin", "btc").build();
    assertThat(c.name()).isEqualTo("stratum+tcp://eu.stratum.braiins.com");
    assertThat(c.enabled()).isTrue();
    assertThat(c.apiKey()).contains(TOKEN);
    assertThat(c.coin()).contains(Coin.BTC);
    assertThat(c.endpoint().host()).isEqualTo("eu.stratum.braiins.com");
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void secretsNeverAppearInToStringOrTheRedactedView() {
    PoolConfig c = valid().apiKey(TOKEN).config("password", "pw-123456").config("region", "eu").build();
    assertThat(c.toString()).doesNotContain(TOKEN).doesNotContain("pw-123456").contains(PoolConfig.REDACTED).contains("eu");
    assertThat(c.redactedConfig()).containsEntry("api_key", PoolConfig.REDACTED).containsEntry("region", "eu");
    assertThat(c.redactedConfig().values()).doesNotContain(TOKEN);
    assertThat(c.secretValues()).containsExactlyInAnyOrder(TOKEN, "pw-123456");
  }

  @Test
  void everyKeyNamedLikeASecretIsRedactedAsDocumented() {
    // the Javadoc: api_key, or any key whose name contains key, token, secret or password
    for (String key : List.of("api_key", "apikey", "x-api-key", "mmfp.key", "access_token", "client-secret", "db_password")) {
      assertThat(PoolConfig.isSecretKey(key)).as(key).isTrue();
      PoolConfig c = valid().config(key, "s3cr3t-value-42").build();
      assertThat(c.toString()).as(key).doesNotContain("s3cr3t-value-42");
      assertThat(c.secretValues()).as(key).containsExactly("s3cr3t-value-42");
    }
    for (String key : List.of("coin", "api_base_url", "api_port", "region")) {
      assertThat(PoolConfig.isSecretKey(key)).as(key).isFalse();
    }
  }

  @Test
  void aRefusedApiBaseUrlIsNeverEchoedWithItsPassword() {
    for (String base :
        List.of("ftp://alice:hunter2pw@127.0.0.1:8080", "http://alice:hunter2pw x@127.0.0.1:8080", "mailto:alice:hunter2pw@x")) {
      assertThatThrownBy(() -> valid().config(PoolConfig.API_BASE_URL, base).build())
          .as(base)
          .isInstanceOfSatisfying(
              InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo(PoolConfig.API_BASE_URL))
          .message()
          .doesNotContain("hunter2pw");
    }
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertField(() -> valid().url(" ").build(), "url");
    assertField(() -> valid().port(0).build(), "port");
    assertField(() -> valid().port(65536).build(), "port");
    assertField(() -> valid().poolType("Braiins Pool").build(), "pool_type");
    assertField(() -> valid().poolType(null).build(), "pool_type");
    assertField(() -> valid().id("").build(), "id");
    assertField(() -> valid().config("api_base_url", "ftp://x").build(), "api_base_url");
    assertField(() -> valid().config("api_base_url", "http://127.0.0.1:1/?q=1").build(), "api_base_url");
    assertField(() -> valid().config("api_port", "99999").build(), "api_port");
    assertField(() -> valid().config("api_port", "four").build(), "api_port");
    assertField(() -> valid().config("Bad Key", "x").build(), "config");
    assertField(() -> valid().name("a\ud800").build(), "name");
    assertField(() -> valid().username("\udc00b").build(), "username");
    assertField(() -> valid().config("region", "eu\ud800").build(), "region");
  }

  @Test
  void aPairedSurrogateIsText() {
    assertThat(valid().name("pool \ud83d\ude80").build().name()).isEqualTo("pool \ud83d\ude80");
  }

  @Test
  void apiBaseUrlIsNormalisedToAnOrigin() {
    PoolConfig c = valid().config("api_base_url", "HTTP://127.0.0.1:8080/").build();
    assertThat(c.apiBaseUrl()).contains("http://127.0.0.1:8080");
  }

  @Test
  void configIsCopiedAndUnmodifiable() {
    Map<String, String> m = new HashMap<>();
    m.put("coin", "dgb");
    PoolConfig c = valid().config(m).build();
    m.put("coin", "btc");
    assertThat(c.config()).containsEntry("coin", "DGB");
    assertThatThrownBy(() -> c.config().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertField(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field + ":");
        });
  }
}
