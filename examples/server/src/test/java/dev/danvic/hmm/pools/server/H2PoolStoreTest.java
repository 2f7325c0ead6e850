package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.HmmPoolsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PoolStore} on the zero-setup default: an embedded H2 file database. */
class H2PoolStoreTest extends PoolStoreContract {
  @TempDir Path dir;

  @Override
  String jdbcUrl() {
    return "jdbc:h2:file:" + dir.resolve("hmm-pools").toAbsolutePath();
  }

  @Test
  void theDatabaseIsAFileUnderTheGivenPath() {
    try (PoolStore store = open()) {
      store.insert(braiins("p"));
    }
    assertThat(dir.resolve("hmm-pools.mv.db")).exists();
  }

  @Test
  void anUnreachableDatabaseFailsWithoutShowingItsPassword() {
    assertThatThrownBy(() -> PoolStore.open("jdbc:postgresql://127.0.0.1:1/hmm?user=u&password=pw-SECRET-9"))
        .isInstanceOf(HmmPoolsException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/hmm")
        .hasMessageNotContaining("pw-SECRET-9");
  }

  @Test
  void describeDropsParametersAndUserInfo() {
    assertThat(PoolStore.describe("jdbc:postgresql://u:pw@db.example:5432/hmm?password=x"))
        .isEqualTo("jdbc:postgresql://db.example:5432/hmm");
    assertThat(PoolStore.describe("jdbc:h2:file:./data/hmm-pools;PASSWORD=x")).isEqualTo("jdbc:h2:file:./data/hmm-pools");
  }
}
