package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.PoolConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the server relies on from {@link PoolStore}, run against each database it supports: the
 * schema is created and migrated once, pools round-trip exactly, survive a restart, and every write
 * is all-or-nothing.
 */
abstract class PoolStoreContract {
  static final Instant T0 = Instant.parse("2026-02-05T12:00:00.123456Z");

  /** A tickable clock so that created_at and updated_at are exact. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }
  }

  final TestClock clock = new TestClock();

  /** @return the JDBC URL of an empty database (the same on every call within one test) */
  abstract String jdbcUrl();

  PoolStore open() {
    return PoolStore.open(jdbcUrl(), clock);
  }

  static PoolConfig braiins(String id) {
    return PoolConfig.builder()
        .id(id)
        .poolType("braiins")
        .name("My Braiins")
        .url("stratum+tcp://eu.stratum.braiins.com")
        .port(3333)
        .username("satoshi")
        .apiKey("tok-SECRET-123")
        .config(Map.of(PoolConfig.COIN, "BTC", PoolConfig.API_BASE_URL, "http://127.0.0.1:9"))
        .build();
  }

  @Test
  void createsTheSchemaOnceAndRecordsItsVersion() throws Exception {
    try (PoolStore store = open()) {
      assertThat(store.schemaVersion()).isEqualTo(PoolStore.latestSchemaVersion());
    }
    try (PoolStore store = open()) { // a second start applies nothing again
      assertThat(store.schemaVersion()).isEqualTo(PoolStore.latestSchemaVersion());
    }
    List<String> applied = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"version\", \"type\" FROM \"" + PoolStore.HISTORY_TABLE
            + "\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        applied.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    List<String> expected = new ArrayList<>();
    for (int v = 1; v <= PoolStore.latestSchemaVersion(); v++) {
      expected.add(v + " SQL"); // each numbered SQL file once, in order
    }
    assertThat(applied).isEqualTo(expected);
  }

  @Test
  void migratesADatabaseLeftAtAnOlderVersion() throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        Statement st = c.createStatement()) {
      // what a server at schema version 1 left behind
      st.executeUpdate(
          "CREATE TABLE hmm_pools_schema (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL,"
              + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      st.executeUpdate(
          "CREATE TABLE pools (id VARCHAR(64) PRIMARY KEY, pool_type VARCHAR(50) NOT NULL,"
              + " name VARCHAR(255) NOT NULL, url VARCHAR(255) NOT NULL, port INTEGER NOT NULL,"
              + " username VARCHAR(255), config TEXT NOT NULL, enabled BOOLEAN DEFAULT TRUE NOT NULL,"
              + " created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      st.executeUpdate(
          "INSERT INTO hmm_pools_schema VALUES (1, 'create pools table', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
      st.executeUpdate(
          "INSERT INTO pools VALUES ('old-1', 'mmfp', 'Old MMFP', '127.0.0.1', 3333, NULL, '{}', TRUE,"
              + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
    }
    try (PoolStore store = open()) {
      assertThat(store.schemaVersion()).isEqualTo(PoolStore.latestSchemaVersion());
      assertThat(store.list()).extracting(PoolConfig::id).containsExactly("old-1");
    }
  }

  @Test
  void refusesADatabaseFromANewerServer() throws Exception {
    try (PoolStore store = open()) {
      store.insert(braiins("a"));
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO \"" + PoolStore.HISTORY_TABLE + "\" (\"installed_rank\", \"version\", \"description\", \"type\","
              + " \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
              + " VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, TRUE)");
    }
    assertThatThrownBy(this::open).hasMessageContaining("schema version 999").hasMessageContaining("newer server");
  }

  @Test
  void roundTripsEveryColumnAndSurvivesARestart() {
    PoolConfig stored;
    try (PoolStore store = open()) {
      stored = store.insert(braiins("pool-1"));
      assertThat(stored.createdAt()).isEqualTo(T0);
      assertThat(stored.updatedAt()).isEqualTo(T0);
    }
    try (PoolStore store = open()) {
      assertThat(store.list()).containsExactly(stored);
      PoolConfig back = store.find("pool-1").orElseThrow();
      assertThat(back).isEqualTo(stored);
      assertThat(back.apiKey()).contains("tok-SECRET-123");
      assertThat(back.config()).containsEntry(PoolConfig.API_BASE_URL, "http://127.0.0.1:9");
      assertThat(back.username()).isEqualTo("satoshi");
    }
  }

  @Test
  void listsPoolsOldestFirst() {
    try (PoolStore store = open()) {
      store.insert(braiins("b"));
      clock.advance(Duration.ofSeconds(1));
      store.insert(braiins("a"));
      clock.advance(Duration.ofSeconds(1));
      store.insert(braiins("c"));
      assertThat(store.list()).extracting(PoolConfig::id).containsExactly("b", "a", "c");
    }
  }

  @Test
  void updateKeepsCreatedAtAndMovesUpdatedAt() {
    try (PoolStore store = open()) {
      store.insert(braiins("p"));
      clock.advance(Duration.ofMinutes(5));
      PoolConfig changed = braiins("p").toBuilder().name("Renamed").port(443).enabled(false).build();
      PoolConfig stored = store.update(changed, x -> {}).orElseThrow();
      assertThat(stored.createdAt()).isEqualTo(T0);
      assertThat(stored.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
      assertThat(store.find("p").orElseThrow()).isEqualTo(stored);
      assertThat(stored.name()).isEqualTo("Renamed");
      assertThat(stored.port()).isEqualTo(443);
      assertThat(stored.enabled()).isFalse();
    }
  }

  @Test
  void updateAndDeleteOfAnUnknownIdChangeNothingAndRunNoHook() {
    try (PoolStore store = open()) {
      store.insert(braiins("p"));
      assertThat(store.update(braiins("nope"), x -> { throw new AssertionError("hook ran"); })).isEmpty();
      assertThat(store.delete("nope", x -> { throw new AssertionError("hook ran"); })).isEmpty();
      assertThat(store.list()).extracting(PoolConfig::id).containsExactly("p");
    }
  }

  @Test
  void aDuplicateIdIsRefusedAndTheFirstRowStays() {
    try (PoolStore store = open()) {
      PoolConfig first = store.insert(braiins("same"));
      assertThatThrownBy(() -> store.insert(braiins("same").toBuilder().name("Other").build()))
          .isInstanceOf(PoolStore.DuplicatePoolException.class)
          .hasMessageContaining("same");
      assertThat(store.list()).containsExactly(first);
    }
  }

  @Test
  void aFailingHookRollsBackEveryKindOfWrite() {
    try (PoolStore store = open()) {
      PoolConfig kept = store.insert(braiins("kept"));
      RuntimeException boom = new IllegalStateException("refused by the service");

      assertThatThrownBy(() -> store.insert(braiins("new"), p -> { throw boom; })).isSameAs(boom);
      assertThat(store.find("new")).isEmpty();

      PoolConfig renamed = kept.toBuilder().name("Renamed").build();
      assertThatThrownBy(() -> store.update(renamed, p -> { throw boom; })).isSameAs(boom);
      assertThat(store.find("kept")).contains(kept);

      assertThatThrownBy(() -> store.delete("kept", p -> { throw boom; })).isSameAs(boom);
      assertThat(store.find("kept")).contains(kept);
    }
    try (PoolStore store = open()) { // and nothing half-written shows up after a restart either
      assertThat(store.list()).extracting(PoolConfig::id).containsExactly("kept");
    }
  }

  @Test
  void theHookSeesTheRowAsItWillBeCommitted() {
    try (PoolStore store = open()) {
      AtomicReference<PoolConfig> seen = new AtomicReference<>();
      PoolConfig stored = store.insert(braiins("h"), seen::set);
      assertThat(seen.get()).isEqualTo(stored);
      store.delete("h", seen::set);
      assertThat(seen.get()).isEqualTo(stored);
      assertThat(store.list()).isEmpty();
    }
  }

  @Test
  void aRowThatNoLongerValidatesIsSkippedNotFatal() throws Exception {
    try (PoolStore store = open()) {
      store.insert(braiins("good"));
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO pools VALUES ('bad', 'braiins', 'Bad', 'stratum+tcp://x.example', 70000, NULL,"
              + " '{\"api_key\":\"hidden\"}', TRUE, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',"
              + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
    }
    try (PoolStore store = open()) {
      assertThat(store.list()).extracting(PoolConfig::id).containsExactly("good");
      assertThat(store.find("bad")).isEmpty();
    }
  }

  @Test
  void pingNamesTheDatabase() {
    try (PoolStore store = open()) {
      assertThat(store.ping()).isNotBlank();
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    PoolStore store = open();
    store.close();
    assertThatThrownBy(store::list).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
