package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.PoolConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code pools} table, through plain JDBC: an embedded H2 file database by default,
 * PostgreSQL when given a {@code jdbc:postgresql:} URL.
 *
 * <p>{@link #open(String)} creates the schema, or migrates it, before it returns: the applied
 * versions are rows of {@code hmm_pools_schema}, and each migration runs in its own transaction
 * together with the row that records it, so a crash never leaves a half-applied schema and two
 * servers starting at once cannot both apply one migration (the second fails on the primary key and
 * rolls back).
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
 * or throws contains a config value. Thread-safe: each call uses its own connection.
 */
public final class PoolStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PoolStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> CONFIG_TYPE = new TypeReference<>() {};

  /** The schema, oldest first; version {@code i + 1} is {@code MIGRATIONS.get(i)}. Append only. */
  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              "create pools table",
              "CREATE TABLE pools ("
                  + " id VARCHAR(64) PRIMARY KEY,"
                  + " pool_type VARCHAR(50) NOT NULL,"
                  + " name VARCHAR(255) NOT NULL,"
                  + " url VARCHAR(255) NOT NULL,"
                  + " port INTEGER NOT NULL,"
                  + " username VARCHAR(255),"
                  + " config TEXT NOT NULL,"
                  + " enabled BOOLEAN DEFAULT TRUE NOT NULL,"
                  + " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                  + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)"),
          new Migration(
              "index pools by creation time", "CREATE INDEX pools_created_at ON pools (created_at, id)"),
          new Migration("alert rules, channels, rule states and events", AlertStore.SCHEMA));

  private static final String COLUMNS =
      "id, pool_type, name, url, port, username, config, enabled, created_at, updated_at";

  private final String jdbcUrl;
  private final Clock clock;
  private final @Nullable Connection anchor;
  private final @Nullable SecretCipher cipher;
  private volatile boolean closed;

  private PoolStore(String jdbcUrl, Clock clock, @Nullable Connection anchor, @Nullable SecretCipher cipher) {
    this.jdbcUrl = jdbcUrl;
    this.clock = clock;
    this.anchor = anchor;
    this.cipher = cipher;
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
      PoolStore store = new PoolStore(jdbcUrl, clock, anchor, cipher);
      store.migrate();
      store.checkSecrets();
      if (h2File.isPresent()) {
        DatabaseFiles.restrict(h2File.get());
      }
      return store;
    } catch (SQLException | RuntimeException e) {
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

  /** @return the schema version this store is at (the number of applied migrations) */
  public int schemaVersion() {
    return call(c -> appliedVersion(c));
  }

  /** @return the schema version this code migrates to */
  public static int latestSchemaVersion() {
    return MIGRATIONS.size();
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
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO pools (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, stored);
            ps.executeUpdate();
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
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE pools SET pool_type = ?, name = ?, url = ?, port = ?, username = ?,"
                      + " config = ?, enabled = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, stored.poolType());
            ps.setString(2, stored.name());
            ps.setString(3, stored.url());
            ps.setInt(4, stored.port());
            ps.setString(5, stored.username());
            ps.setString(6, configJson(stored));
            ps.setBoolean(7, stored.enabled());
            ps.setObject(8, timestamp(stored.updatedAt()));
            ps.setString(9, stored.id());
            ps.executeUpdate();
          }
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
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM pools WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
          }
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

  /** Closes the store; an embedded H2 database is closed with it. Idempotent. */
  @Override
  public void close() {
    closed = true;
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

  private void migrate() throws SQLException {
    try (Connection c = connect()) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate(
            "CREATE TABLE IF NOT EXISTS hmm_pools_schema ("
                + " version INTEGER PRIMARY KEY,"
                + " description VARCHAR(200) NOT NULL,"
                + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      int applied = appliedVersion(c);
      if (applied > MIGRATIONS.size()) {
        throw new HmmPoolsException(
            "the pool database is at schema version "
                + applied
                + ", newer than this server knows ("
                + MIGRATIONS.size()
                + "); use a newer server");
      }
      for (int v = applied + 1; v <= MIGRATIONS.size(); v++) {
        Migration m = MIGRATIONS.get(v - 1);
        c.setAutoCommit(false);
        try {
          try (Statement st = c.createStatement()) {
            for (String sql : m.sql().split(";\\s*\\n")) { // one migration may hold several statements
              st.executeUpdate(sql);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO hmm_pools_schema (version, description, applied_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, v);
            ps.setString(2, m.description());
            ps.setObject(3, timestamp(now()));
            ps.executeUpdate();
          }
          c.commit();
          LOG.info("pool database {}: applied schema version {} ({})", describe(jdbcUrl), v, m.description());
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
  }

  private static int appliedVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM hmm_pools_schema")) {
      rs.next();
      return rs.getInt(1); // 0 when the table is empty
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

  private void bind(PreparedStatement ps, PoolConfig p) throws SQLException {
    ps.setString(1, p.id());
    ps.setString(2, p.poolType());
    ps.setString(3, p.name());
    ps.setString(4, p.url());
    ps.setInt(5, p.port());
    ps.setString(6, p.username());
    ps.setString(7, configJson(p));
    ps.setBoolean(8, p.enabled());
    ps.setObject(9, timestamp(p.createdAt()));
    ps.setObject(10, timestamp(p.updatedAt()));
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
      try (PreparedStatement ps = c.prepareStatement("UPDATE pools SET config = ? WHERE id = ?")) {
        for (Map.Entry<String, String> e : plain.entrySet()) {
          ps.setString(1, e.getValue());
          ps.setString(2, e.getKey());
          ps.executeUpdate();
        }
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
    return DriverManager.getConnection(jdbcUrl);
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

  /** Work on one connection; {@link AlertStore} shares it. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private record Migration(String description, String sql) {}

  /** A pool with the given id is already stored. */
  public static final class DuplicatePoolException extends HmmPoolsException {
    private static final long serialVersionUID = 1L;

    /** @param id the id that is taken */
    public DuplicatePoolException(String id) {
      super("a pool with id '" + id + "' already exists");
    }
  }
}
