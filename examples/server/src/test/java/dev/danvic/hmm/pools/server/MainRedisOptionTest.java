package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --redis} (env {@code HMM_POOLS_REDIS}): parsed, checked, off by default. */
class MainRedisOptionTest {
  @Test
  void offByDefaultAndTakenFromTheCommandLineOrTheEnvironment() {
    assertThat(Main.Options.parse(new String[0], Map.of()).redis).isNull();
    assertThat(Main.Options.parse(new String[] {"--redis", "redis://127.0.0.1:6379"}, Map.of()).redis)
        .isEqualTo("redis://127.0.0.1:6379");
    assertThat(Main.Options.parse(new String[] {"--redis=redis://127.0.0.1:1"}, Map.of("HMM_POOLS_REDIS", "redis://127.0.0.1:2")).redis)
        .isEqualTo("redis://127.0.0.1:1");
    assertThat(Main.Options.parse(new String[0], Map.of("HMM_POOLS_REDIS", "redis://127.0.0.1:2")).redis)
        .isEqualTo("redis://127.0.0.1:2");
  }

  @Test
  void anAddressThatIsNotRedisIsRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--redis", "127.0.0.1:6379"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--redis must be a redis:// or rediss:// address, for example redis://127.0.0.1:6379");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--redis"}, Map.of()))
        .hasMessage("--redis needs a value");
  }
}
