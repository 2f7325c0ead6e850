package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by main's hand-written schema runner (before Flyway; dumped with H2's SCRIPT
 * into src/test/resources/legacy) opens, keeps its pools and is baselined, not recreated.
 */
class LegacySchemaUpgradeTest {
  @TempDir Path dir;

  private String restoreLegacyDatabase() throws Exception {
    Path script = dir.resolve("legacy.sql");
    try (InputStream in = LegacySchemaUpgradeTest.class.getResourceAsStream("/legacy/main-95f011c-h2.sql")) {
      Files.write(script, in.readAllBytes());
    }
    String url = "jdbc:h2:file:" + dir.resolve("db/hmm-pools").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("RUNSCRIPT FROM '" + script.toAbsolutePath() + "' CHARSET 'UTF-8'");
    }
    return url;
  }

  @Test
  void aDatabaseOfTheHandWrittenRunnerIsBaselinedAndKeepsItsPools() throws Exception {
    String url = restoreLegacyDatabase();
    try (PoolStore store = PoolStore.open(url)) {
      assertThat(store.schemaVersion()).isEqualTo(PoolStore.latestSchemaVersion());
      List<PoolConfig> pools = store.list();
      assertThat(pools).extracting(PoolConfig::id).containsExactly("legacy-braiins", "legacy-solopool"); // same created_at: by id
      PoolConfig braiins = pools.get(0);
      assertThat(braiins.apiKey()).contains("legacy-token-0001");
      assertThat(braiins.enabled()).isFalse();
      assertThat(braiins.createdAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
      store.insert(PoolStoreContract.braiins("after-upgrade"));
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      List<String> history = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT \"version\", \"type\" FROM \"" + PoolStore.HISTORY_TABLE + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
        while (rs.next()) {
          history.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      // recorded where the old runner got to; none of its migrations re-ran (the tables were not
      // recreated), and every later one (history, alerts) ran once, in order
      List<String> expected = new ArrayList<>(List.of("2 BASELINE"));
      for (int v = 3; v <= PoolStore.latestSchemaVersion(); v++) {
        expected.add(v + " SQL");
      }
      assertThat(history).containsExactlyElementsOf(expected);
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + PoolStore.LEGACY_TABLE)) {
        rs.next();
        assertThat(rs.getInt(1)).as("the old runner's table is left as it was").isEqualTo(2);
      }
    }
    try (PoolStore again = PoolStore.open(url)) { // a second start changes nothing
      assertThat(again.list()).hasSize(3);
      assertThat(again.schemaVersion()).isEqualTo(PoolStore.latestSchemaVersion());
    }
  }

  @Test
  void aLegacyDatabaseOpenedWithAKeyHasItsPlainSecretsEncrypted() throws Exception {
    String url = restoreLegacyDatabase();
    byte[] key = new byte[32];
    key[0] = 7;
    SecretCipher cipher = SecretCipher.fromBase64(Base64.getEncoder().encodeToString(key));
    try (PoolStore store = PoolStore.open(url, java.time.Clock.systemUTC(), cipher)) {
      assertThat(store.find("legacy-braiins").orElseThrow().apiKey()).contains("legacy-token-0001");
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT config FROM pools WHERE id = 'legacy-braiins'")) {
      rs.next();
      assertThat(rs.getString(1)).doesNotContain("legacy-token-0001");
    }
    assertThat(Files.readString(dir.resolve("legacy.sql"), StandardCharsets.UTF_8)).contains("HMM_POOLS_SCHEMA");
  }
}
