package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link JdbcHistoryStore} on the PostgreSQL server {@code .ci/run} starts and names in
 * {@code HMM_TEST_POSTGRES_URL}, in a schema of its own; skipped, saying why, without one.
 */
class PostgresHistoryStoreTest extends HistoryStoreContract {
  private String adminUrl;
  private String schema;
  private PoolStore db;

  @BeforeEach
  void createSchema() {
    adminUrl = System.getenv(PostgresPoolStoreTest.ENV);
    Assumptions.assumeTrue(adminUrl != null && !adminUrl.isBlank(),
        "PostgreSQL history tests skipped: " + PostgresPoolStoreTest.ENV + " is not set");
    schema = "hmm_hist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort("PostgreSQL history tests skipped: cannot reach " + PoolStore.describe(adminUrl) + ": " + e.getMessage());
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (db != null) {
      db.close();
    }
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  HistoryStore open(Clock clock, HistoryRetention retention) {
    db = PoolStore.open(adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    return new JdbcHistoryStore(db, clock, retention);
  }
}
