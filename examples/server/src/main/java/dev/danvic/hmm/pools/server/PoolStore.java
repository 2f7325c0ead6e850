package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.PoolConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code pools} table, through JDBC and a HikariCP connection pool: an embedded H2 file
 * database by default, PostgreSQL when given a {@code jdbc:postgresql:} URL.
 *
 * <p>{@link #open(String)} creates the schema, or migrates it, with Flyway before it returns. The
 * migrations are numbered SQL files in {@code db/hmm-pools} ({@code V<n>__<what>.sql}, portable to
 * H2 and PostgreSQL; add a new one beside them, never change an applied one); the applied versions
 * are rows of {@value #HISTORY_TABLE}. A database created by the earlier hand-written runner (its
 * versions in {@value #LEGACY_TABLE}, left in place) is baselined at the version it reached, not
 * recreated, and migrated from there.
 *
 * <p>Every write is one transaction. {@link #insert(PoolConfig, Consumer)} and
 * {@link #update(PoolConfig, Consumer)} run a hook after the row is written and before the commit:
 * when the hook throws, the row is rolled back, so the database never holds a pool that the rest of
 * the server refused.
 *
 * <p>The {@code config} column holds the pool's config map as JSON text, secrets included (the
 * server needs the API key to call the pool): encrypted when the store is opened with a
 * {@link SecretCipher}, plain text otherwise. An embedded H2 database's files are readable by
 * their owner only ({@link DatabaseFiles}), and H2 writes every commit to its file before the
 * commit returns, so a write that returned survives a kill of the process. Nothing this class logs
 * or throws contains a config value. Thread-safe: each call borrows its own connection.
 */
public final class PoolStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PoolStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> CONFIG_TYPE = new TypeReference<>() {};

  /** Flyway's record of the applied migrations. */
  static final String HISTORY_TABLE = "hmm_pools_schema_history";
  /** Where the hand-written runner before Flyway recorded the versions it applied. */
  static final String LEGACY_TABLE = "hmm_pools_schema";
  /** The migrations, as class path resources: {@code V<n>__<description>.sql}. */
  static final String MIGRATIONS = "db/hmm-pools";

  private static final String COLUMNS =
      "id, pool_type, name, url, port, username, config, enabled, created_at, updated_at";

  private final String jdbcUrl;
  private final Clock clock;
  private final @Nullable Connection anchor;
  private final @Nullable SecretCipher cipher;
  private final HikariDataSource pool;
  private volatile boolean closed;

  private PoolStore(String jdbcUrl, Clock clock, @Nullable Connection anchor, @Nullable SecretCipher cipher,
      HikariDataSource pool) {
    this.jdbcUrl = jdbcUrl;
    this.clock = clock;
    this.anchor = anchor;
    this.cipher = cipher;
    this.pool = pool;
  }

  /**
   * Opens the database and creates or migrates the schema.
   *
   * @param jdbcUrl a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL (credentials may be URL
   *     parameters)
   * @return the store, ready to use
   * @throws HmmPoolsException when the database cannot be reached or the schema cannot be migrated
   */
  public static PoolStore open(String jdbcUrl) {
    return open(jdbcUrl, Clock.systemUTC());
  }

  /**
   * Opens the database and creates or migrates the schema.
   *
   * @param jdbcUrl a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
   * @param clock the source of {@code created_at} and {@code updated_at}
   * @return the store, ready to use
   * @throws HmmPoolsException when the database cannot be reached or the schema cannot be migrated
   */
  public static PoolStore open(String jdbcUrl, Clock clock) {
    return open(jdbcUrl, clock, null);
  }

  /**
   * Opens the database, creates or migrates the schema and checks the stored secrets.
   *
   * <p>With a cipher, every secret is stored encrypted ({@link SecretCipher}); secrets stored in
   * plain text by an earlier start without a key are encrypted now. Without one, secrets are stored
   * as plain text, and a database that holds encrypted secrets is refused.
   *
   * @param jdbcUrl a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
   * @param clock the source of {@code created_at} and {@code updated_at}
   * @param cipher encrypts secrets at rest, or {@code null} to store them as plain text
   * @return the store, ready to use
   * @throws HmmPoolsException when the database cannot be reached, the schema cannot be migrated,
   *     or a stored secret cannot be decrypted (a wrong key, or none given for encrypted secrets)
   */
  public static PoolStore open(String jdbcUrl, Clock clock, @Nullable SecretCipher cipher) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(clock, "clock");
    Connection anchor = null;
    HikariDataSource pool = null;
    try {
      Optional<java.nio.file.Path> h2File = DatabaseFiles.h2FileBase(jdbcUrl);
      if (h2File.isPresent()) {
        DatabaseFiles.prepare(h2File.get());
      }
      if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:tcp:")) {
        // An embedded H2 database closes when its last connection does; keep one open so that each
        // call does not reopen the file.
        anchor = DriverManager.getConnection(jdbcUrl);
        try (Statement st = anchor.createStatement()) {
          // H2 writes committed transactions to its file up to a second later by default; a kill in
          // that second would lose writes the server already acknowledged. Write at each commit.
          st.execute("SET WRITE_DELAY 0");
        }
      }
      pool = connectionPool(jdbcUrl);
      PoolStore store = new PoolStore(jdbcUrl, clock, anchor, cipher, pool);
      store.migrate();
      store.checkSecrets();
      if (h2File.isPresent()) {
        DatabaseFiles.restrict(h2File.get());
      }
      return store;
    } catch (SQLException | RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      closeQuietly(anchor);
      throw new HmmPoolsException(
          "cannot open the pool database " + describe(jdbcUrl) + ": " + e.getMessage(), e);
    }
  }

  /** @return how many pools are stored */
  public int count() {
    return call(c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pools")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  /** @return the schema version this store is at (the newest migration applied or baselined) */
  public int schemaVersion() {
    MigrationInfo current = flyway().info().current();
    return current == null || current.getVersion() == null ? 0 : current.getVersion().getMajor().intValue();
  }

  /** @return the schema version this code migrates to: the newest {@code V<n>__*.sql} it ships */
  public static int latestSchemaVersion() {
    // Flyway lists the migrations it would apply to an empty database
    MigrationInfo[] all = Flyway.configure(PoolStore.class.getClassLoader())
        .dataSource("jdbc:h2:mem:", "", "").locations(MIGRATIONS).load().info().all();
    return all.length == 0 ? 0 : all[all.length - 1].getVersion().getMajor().intValue();
  }

  /**
   * @return every stored pool, oldest first; a row that no longer passes validation is skipped with
   *     a warning naming its id
   */
  public List<PoolConfig> list() {
    return call(
        c -> {
          List<PoolConfig> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT " + COLUMNS + " FROM pools ORDER BY created_at, id")) {
            while (rs.next()) {
              readRow(rs).ifPresent(out::add);
            }
          }
          return out;
        });
  }

  /**
   * @param id a pool id
   * @return the stored pool, or empty
   */
  public Optional<PoolConfig> find(String id) {
    return call(c -> find(c, id));
  }

  /**
   * Stores a new pool, with {@code created_at} and {@code updated_at} set to now.
   *
   * @param pool the pool; its id must not be stored yet
   * @return the stored pool, with its timestamps
   * @throws DuplicatePoolException when a pool with that id exists
   */
  public PoolConfig insert(PoolConfig pool) {
    return insert(pool, p -> {});
  }

  /**
   * Stores a new pool and runs {@code beforeCommit} inside the same transaction.
   *
   * @param pool the pool; its id must not be stored yet
   * @param beforeCommit runs with the stored pool after the row is written, before the commit; when
   *     it throws, nothing is stored and its exception propagates
   * @return the stored pool, with its timestamps
   * @throws DuplicatePoolException when a pool with that id exists
   */
  public PoolConfig insert(PoolConfig pool, Consumer<PoolConfig> beforeCommit) {
    Instant now = now();
    PoolConfig stored = pool.toBuilder().createdAt(now).updatedAt(now).build();
    return inTransaction(
        c -> {
          if (find(c, pool.id()).isPresent()) {
            throw new DuplicatePoolException(pool.id());
          }
          try {
            execute(c, "INSERT INTO pools (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row(stored));
          } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
              throw new DuplicatePoolException(pool.id()); // lost a race with another insert
            }
            throw e;
          }
          beforeCommit.accept(stored);
          return stored;
        });
  }

  /**
   * Replaces a stored pool's fields, keeping its {@code created_at} and setting {@code updated_at}
   * to now.
   *
   * @param pool the new values; its id names the row
   * @param beforeCommit runs with the stored pool after the row is written, before the commit; when
   *     it throws, nothing changes and its exception propagates
   * @return the stored pool, or empty when no pool has that id (and then nothing ran)
   */
  public Optional<PoolConfig> update(PoolConfig pool, Consumer<PoolConfig> beforeCommit) {
    return inTransaction(
        c -> {
          Optional<PoolConfig> old = find(c, pool.id());
          if (old.isEmpty()) {
            return Optional.<PoolConfig>empty();
          }
          PoolConfig stored =
              pool.toBuilder().createdAt(old.get().createdAt()).updatedAt(now()).build();
          execute(c, "UPDATE pools SET pool_type = ?, name = ?, url = ?, port = ?, username = ?,"
              + " config = ?, enabled = ?, updated_at = ? WHERE id = ?",
              stored.poolType(), stored.name(), stored.url(), stored.port(), stored.username(),
              configJson(stored), stored.enabled(), timestamp(stored.updatedAt()), stored.id());
          beforeCommit.accept(stored);
          return Optional.of(stored);
        });
  }

  /**
   * Deletes a pool.
   *
   * @param id a pool id
   * @param beforeCommit runs with the deleted pool before the commit; when it throws, the row stays
   *     and its exception propagates
   * @return the deleted pool, or empty when no pool had that id (and then nothing ran)
   */
  public Optional<PoolConfig> delete(String id, Consumer<PoolConfig> beforeCommit) {
    return inTransaction(
        c -> {
          Optional<PoolConfig> old = find(c, id);
          if (old.isEmpty()) {
            return Optional.<PoolConfig>empty();
          }
          execute(c, "DELETE FROM pools WHERE id = ?", id);
          beforeCommit.accept(old.get());
          return old;
        });
  }

  /**
   * Checks that the database answers.
   *
   * @return the database product name, for example {@code "H2"} or {@code "PostgreSQL"}
   * @throws HmmPoolsException when it does not
   */
  public String ping() {
    return call(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pools")) {
            rs.next();
          }
          return c.getMetaData().getDatabaseProductName();
        });
  }

  /** Closes the store and its connections; an embedded H2 database is closed with it. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pool.close();
    closeQuietly(anchor);
  }

  @Override
  public String toString() {
    return "PoolStore[" + describe(jdbcUrl) + "]";
  }

  /**
   * @param jdbcUrl a JDBC URL
   * @return the URL without its parameters (they may hold a password), for messages
   */
  static String describe(String jdbcUrl) {
    int cut = jdbcUrl.length();
    for (char sep : new char[] {'?', ';'}) {
      int i = jdbcUrl.indexOf(sep);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String s = jdbcUrl.substring(0, cut);
    int at = s.indexOf('@');
    int scheme = s.indexOf("//");
    if (at >= 0 && scheme >= 0 && at > scheme) {
      s = s.substring(0, scheme + 2) + s.substring(at + 1); // drop user:password@
    }
    return s;
  }

  private static HikariDataSource connectionPool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    // HikariCP logs its URL: credentials go to the driver as properties, never through the URL
    int query = jdbcUrl.indexOf('?');
    String url = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    if (query >= 0) { // jdbc:postgresql://host/db?user=..&password=..
      for (String pair : jdbcUrl.substring(query + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          config.addDataSourceProperty(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    StringBuilder kept = new StringBuilder();
    for (String part : url.split(";")) { // jdbc:h2:file:x;USER=..;PASSWORD=..
      String key = part.contains("=") ? part.substring(0, part.indexOf('=')).trim().toLowerCase(Locale.ROOT) : "";
      if (kept.length() > 0 && (key.equals("user") || key.equals("password"))) {
        config.addDataSourceProperty(key, part.substring(part.indexOf('=') + 1));
      } else {
        kept.append(kept.length() > 0 ? ";" : "").append(part);
      }
    }
    config.setJdbcUrl(kept.toString());
    config.setPoolName("hmm-pools-db");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    // a database that does not answer fails a request (and /health) within seconds, not 30 s
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config); // connects once now: a wrong URL fails the start
  }

  private Flyway flyway() {
    return Flyway.configure(PoolStore.class.getClassLoader())
        .dataSource(pool)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        .load();
  }

  private void migrate() throws SQLException {
    MigrationInfoService info = flyway().info();
    int latest = 0; // the newest migration this code ships
    for (MigrationInfo m : info.all()) {
      if (m.getState().isResolved() && m.getVersion() != null) {
        latest = Math.max(latest, m.getVersion().getMajor().intValue());
      }
    }
    int legacy = legacyVersion();
    int current = info.current() == null ? legacy : schemaVersion();
    if (current > latest) {
      throw new HmmPoolsException("the pool database is at schema version " + current
          + ", newer than this server knows (" + latest + "); use a newer server");
    }
    FluentConfiguration config = Flyway.configure(PoolStore.class.getClassLoader())
        .dataSource(pool).locations(MIGRATIONS).table(HISTORY_TABLE);
    if (legacy > 0) {
      // written by the runner before Flyway: keep its tables, record where it got to, go on from there
      config.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy))
          .baselineDescription("schema " + legacy + " from " + LEGACY_TABLE);
    }
    MigrateResult result = config.load().migrate();
    for (var m : result.migrations) {
      LOG.info("pool database {}: applied schema version {} ({})", describe(jdbcUrl), m.version, m.description);
    }
  }

  /** @return the version the hand-written runner recorded, 0 when it never ran on this database */
  private int legacyVersion() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException noLegacyTable) {
      return 0;
    }
  }

  private Optional<PoolConfig> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM pools WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? readRow(rs) : Optional.empty();
      }
    }
  }

  private Optional<PoolConfig> readRow(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    try {
      Map<String, String> config = openConfig(id, rs.getString("config"));
      int port = rs.getInt("port");
      return Optional.of(
          PoolConfig.builder()
              .id(id)
              .poolType(rs.getString("pool_type"))
              .name(rs.getString("name"))
              .url(rs.getString("url"))
              .port(port)
              .username(rs.getString("username"))
              .config(config)
              .enabled(rs.getBoolean("enabled"))
              .createdAt(instant(rs.getObject("created_at", OffsetDateTime.class)))
              .updatedAt(instant(rs.getObject("updated_at", OffsetDateTime.class)))
              .build());
    } catch (JsonProcessingException | RuntimeException e) {
      // Never echo the row: its config holds secrets. The id and the kind of problem are enough.
      LOG.warn(
          "skipping stored pool {}: it no longer passes validation ({})",
          id,
          e instanceof HmmPoolsException ? e.getMessage() : e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /** The values of a row, in {@link #COLUMNS} order. */
  private Object[] row(PoolConfig p) {
    return new Object[] {p.id(), p.poolType(), p.name(), p.url(), p.port(), p.username(), configJson(p),
        p.enabled(), timestamp(p.createdAt()), timestamp(p.updatedAt())};
  }

  private String configJson(PoolConfig p) {
    return configJson(p.id(), p.config());
  }

  /** The config as stored: secrets sealed when this store has a cipher. */
  private String configJson(String id, Map<String, String> config) {
    Map<String, String> out = new java.util.LinkedHashMap<>(config);
    if (cipher != null) {
      out.replaceAll((k, v) -> PoolConfig.isSecretKey(k) && v != null ? cipher.seal(id, k, v) : v);
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the config of pool " + id + " as JSON");
    }
  }

  /** The config as read: sealed secrets opened. */
  private Map<String, String> openConfig(String id, String json) throws JsonProcessingException {
    Map<String, String> config = JSON.readValue(json, CONFIG_TYPE);
    for (Map.Entry<String, String> e : config.entrySet()) {
      if (SecretCipher.isSealed(e.getValue())) {
        if (cipher == null) {
          throw new HmmPoolsException(
              "the pool database holds encrypted secrets (pool '" + id + "'); start the server with "
                  + SecretCipher.ENV + " set to the key they were stored with");
        }
        e.setValue(cipher.open(id, e.getKey(), e.getValue()));
      }
    }
    return config;
  }

  /**
   * At open: every sealed secret must open with this store's cipher (else the start fails, naming
   * the pool), and with a cipher, secrets still stored as plain text are sealed now.
   */
  private void checkSecrets() {
    int sealedNow = inTransaction(c -> {
      Map<String, String> plain = new java.util.LinkedHashMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id, config FROM pools")) {
        while (rs.next()) {
          String id = rs.getString(1);
          String json = rs.getString(2);
          Map<String, String> raw;
          Map<String, String> config;
          try {
            raw = JSON.readValue(json, CONFIG_TYPE);
            config = openConfig(id, json); // throws on a wrong or missing key
          } catch (JsonProcessingException e) {
            continue; // list() skips this row with a warning
          }
          boolean hasPlainSecret = raw.entrySet().stream()
              .anyMatch(e -> PoolConfig.isSecretKey(e.getKey()) && e.getValue() != null && !SecretCipher.isSealed(e.getValue()));
          if (cipher != null && hasPlainSecret) {
            plain.put(id, configJson(id, config));
          }
        }
      }
      for (Map.Entry<String, String> e : plain.entrySet()) {
        execute(c, "UPDATE pools SET config = ? WHERE id = ?", e.getValue(), e.getKey());
      }
      return plain.size();
    });
    if (sealedNow > 0) {
      LOG.info("pool database {}: encrypted the secrets of {} pools stored without a key", describe(jdbcUrl), sealedNow);
    }
  }

  private Instant now() {
    // PostgreSQL keeps microseconds: truncate so that what is read back equals what was written.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static @Nullable OffsetDateTime timestamp(@Nullable Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /** @return the cipher of secrets at rest, or {@code null}: {@link AlertStore} seals channel secrets with it */
  @Nullable SecretCipher cipher() {
    return cipher;
  }

  /** @return a new connection to the store's database, for {@link AlertStore}; the caller closes it */
  Connection connect() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the pool store is closed");
    }
    return pool.getConnection();
  }

  /** A connection of its own, for {@link JdbcHistoryStore}, which keeps its tables here. */
  Connection connection() throws SQLException {
    return connect();
  }

  <T> T call(SqlWork<T> work) {
    try (Connection c = connect()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new HmmPoolsException("pool database error: " + e.getMessage(), e);
    }
  }

  <T> T inTransaction(SqlWork<T> work) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new HmmPoolsException("pool database error: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing the pool database", e);
      }
    }
  }

  /** Runs one statement with its parameters bound in order; returns the rows it changed. */
  private static int execute(Connection c, String sql, @Nullable Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  /** Work on one connection; {@link AlertStore} shares it. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** A pool with the given id is already stored. */
  public static final class DuplicatePoolException extends HmmPoolsException {
    private static final long serialVersionUID = 1L;

    /** @param id the id that is taken */
    public DuplicatePoolException(String id) {
      super("a pool with id '" + id + "' already exists");
    }
  }
}
