package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's security settings: the pool cap, other allowed origins, the secret key. */
class MainSecurityOptionsTest {
  static final String KEY = PoolStoreSecretsTest.key(3);

  @Test
  void defaultsAreTheCapAndNoOtherOriginAndNoKey() {
    Main.Options o = Main.Options.parse(new String[0], Map.of());
    assertThat(o.maxPools).isEqualTo(PoolsServer.DEFAULT_MAX_POOLS);
    assertThat(o.allowedOrigins).isEmpty();
    assertThat(o.secretKey).isNull();
  }

  @Test
  void theCommandLineAndTheEnvironmentSetThem() {
    Map<String, String> env = Map.of("HMM_POOLS_MAX_POOLS", "50", "HMM_POOLS_ALLOWED_ORIGINS", "https://a.example, https://b.example",
        SecretCipher.ENV, KEY);
    Main.Options fromEnv = Main.Options.parse(new String[0], env);
    assertThat(fromEnv.maxPools).isEqualTo(50);
    assertThat(fromEnv.allowedOrigins).containsExactly("https://a.example", "https://b.example");
    assertThat(fromEnv.secretKey).isNotNull();
    assertThat(fromEnv.secretKey.toString()).doesNotContain(KEY);
    Main.Options cli = Main.Options.parse(new String[] {"--max-pools", "7", "--allowed-origin=http://10.0.0.2:8080"}, Map.of());
    assertThat(cli.maxPools).isEqualTo(7);
    assertThat(cli.allowedOrigins).containsExactly("http://10.0.0.2:8080");
  }

  @Test
  void badValuesAreNamedAndTheKeyIsNeverQuoted() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--max-pools", "0"}, Map.of())).hasMessageContaining("--max-pools");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--max-pools", "many"}, Map.of())).hasMessageContaining("--max-pools");
    assertThatThrownBy(() -> Main.Options.parse(new String[0], Map.of(SecretCipher.ENV, "c2hvcnQ=")))
        .hasMessageContaining(SecretCipher.ENV).hasMessageContaining("32").hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(() -> PoolsServer.builder().allowedOrigins(java.util.List.of("evil.example")))
        .hasMessageContaining("scheme://host");
  }
}
