package dev.danvic.hmm.pools.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link PoolStore} on a real PostgreSQL server: the one {@code .ci/run} starts and names in
 * {@code HMM_TEST_POSTGRES_URL} (for example {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres}).
 * Each test gets a schema of its own, dropped afterwards. Without the variable, or when the server
 * does not answer, the tests are skipped and say why.
 */
class PostgresPoolStoreTest extends PoolStoreContract {
  static final String ENV = "HMM_TEST_POSTGRES_URL";

  private String adminUrl;
  private String schema;

  @BeforeEach
  void createSchema() {
    adminUrl = System.getenv(ENV);
    if (adminUrl == null || adminUrl.isBlank()) {
      skip(ENV + " is not set (.ci/run sets it when it can start PostgreSQL)");
    }
    schema = "hmm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      skip("PostgreSQL at " + PoolStore.describe(adminUrl) + " cannot be reached: " + e.getMessage());
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  String jdbcUrl() {
    return adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void skip(String reason) {
    String message = "PostgreSQL storage tests skipped: " + reason;
    System.out.println(message);
    Assumptions.abort(message);
  }
}
