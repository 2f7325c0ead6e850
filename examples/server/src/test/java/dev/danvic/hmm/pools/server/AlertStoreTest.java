package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.alerts.AlertEvent;
import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.alerts.RuleState;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert tables on H2 and on PostgreSQL ({@code HMM_TEST_POSTGRES_URL}, as
 * {@link PostgresPoolStoreTest}; skipped, saying why, without it): what the server relies on after a
 * restart.
 */
class AlertStoreTest {
  static final Instant T = Instant.parse("2026-11-30T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

  abstract static class Contract {
    abstract String jdbcUrl();

    @Test
    void rulesChannelsStatesAndEventsSurviveAReopenAndEventsComeNewestFirst() {
      AlertRule rule = new AlertRule("slow", "slow pool", RuleKind.LATENCY_ABOVE, null, 800.0,
          Duration.ofMinutes(2), null, Duration.ofHours(1), List.of("dc"));
      RuleState state = new RuleState("slow", "p1", true, T, T, true, 1.5e12, T, T.minusSeconds(60), 3, new BigDecimal("0.00012345"));
      try (PoolStore db = PoolStore.open(jdbcUrl(), CLOCK)) {
        assertThat(db.schemaVersion()).isEqualTo(PoolStore.latestSchemaVersion());
        AlertStore s = new AlertStore(db, CLOCK);
        assertThat(s.insertRule(rule)).isTrue();
        assertThat(s.insertRule(rule)).isFalse();
        assertThat(s.insertChannel(new AlertInput.ChannelSpec("dc", "discord", "https://discord.com/api/webhooks/1/tok", null, null, null, null))).isTrue();
        s.save(state);
        s.save(state); // a second save replaces the first
        for (int i = 0; i < 3; i++) {
          s.addEvent(new AlertEvent("slow", "slow pool", RuleKind.LATENCY_ABOVE, "p1",
              i == 2 ? AlertEvent.Type.RESOLVED : AlertEvent.Type.FIRED, "event " + i, T.plusSeconds(i)));
        }
      }
      try (PoolStore db = PoolStore.open(jdbcUrl(), CLOCK)) {
        AlertStore s = new AlertStore(db, CLOCK);
        assertThat(s.rules()).containsExactly(rule);
        assertThat(s.channels()).extracting(AlertInput.ChannelSpec::url).containsExactly("https://discord.com/api/webhooks/1/tok");
        assertThat(s.load("slow", "p1")).contains(state);
        assertThat(s.firing()).containsExactly(state);
        assertThat(s.events(2, 0)).extracting(e -> e.event().message()).containsExactly("event 2", "event 1");
        assertThat(s.events(2, 2)).extracting(e -> e.event().message()).containsExactly("event 0");
        assertThat(s.eventCount()).isEqualTo(3);
        assertThat(s.events(1, 0).get(0).event().time()).isEqualTo(T.plusSeconds(2));
        assertThat(s.deleteRuleAndStates("slow")).isTrue();
        assertThat(s.load("slow", "p1")).isEmpty();
        assertThat(s.rules()).isEmpty();
      }
    }

    @Test
    void channelSecretsAreSealedAtRestWhenTheServerHasAKey() throws SQLException {
      SecretCipher cipher = SecretCipher.fromBase64(java.util.Base64.getEncoder().encodeToString(new byte[32]));
      try (PoolStore db = PoolStore.open(jdbcUrl(), CLOCK, cipher)) {
        new AlertStore(db, CLOCK).insertChannel(
            new AlertInput.ChannelSpec("tg", "telegram", null, null, "123:SECRETbot", "42", null));
        try (Connection c = db.connect(); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT config FROM alert_channels")) {
          rs.next();
          assertThat(rs.getString(1)).doesNotContain("SECRETbot").contains("enc:");
        }
        assertThat(new AlertStore(db, CLOCK).channels().get(0).token()).isEqualTo("123:SECRETbot");
      }
    }
  }

  @Nested
  class OnH2 extends Contract {
    @TempDir Path dir;

    @Override
    String jdbcUrl() {
      return "jdbc:h2:file:" + dir.resolve("alerts").toAbsolutePath();
    }
  }

  @Nested
  class OnPostgres extends Contract {
    private String schema;

    @org.junit.jupiter.api.AfterEach
    void dropSchema() throws SQLException {
      if (schema != null) {
        try (Connection c = DriverManager.getConnection(System.getenv(PostgresPoolStoreTest.ENV)); Statement st = c.createStatement()) {
          st.executeUpdate("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }

    @Override
    String jdbcUrl() {
      String admin = System.getenv(PostgresPoolStoreTest.ENV);
      if (admin == null || admin.isBlank()) {
        Assumptions.abort("PostgreSQL alert tests skipped: " + PostgresPoolStoreTest.ENV + " is not set");
      }
      if (schema == null) {
        schema = "hmm_alerts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
          st.executeUpdate("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
          Assumptions.abort("PostgreSQL at " + PoolStore.describe(admin) + " cannot be reached: " + e.getMessage());
        }
      }
      return admin + (admin.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
  }
}
