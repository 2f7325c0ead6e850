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
  void everyCommitIsWrittenToTheFileBeforeItReturns() throws Exception {
    // H2's default write delay (500 ms) would lose acknowledged writes to a kill -9; the reliability
    // suite kills a server process to prove the whole path, this pins the setting that makes it hold
    try (PoolStore store = open();
        java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl());
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("0");
    }
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

  @Test
  void theDatabasePasswordInTheUrlNeverReachesTheLog() throws Exception {
    String password = "pw-SECRET-7f3a";
    String url = jdbcUrl() + ";USER=owner;PASSWORD=" + password;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err = System.err;
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try (PoolStore store = PoolStore.open(url)) {
      store.insert(braiins("p"));
      assertThat(store.list()).hasSize(1);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log).contains("hmm-pools-db"); // the connection pool did log, with its URL
    assertThat(log).doesNotContain(password);
  }
}
