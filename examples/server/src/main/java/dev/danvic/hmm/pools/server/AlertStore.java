package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.alerts.AlertEvent;
import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.AlertStateStore;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.alerts.RuleState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The alert tables, in the pool database ({@link PoolStore}'s schema version 3): rules, channels
 * (and failover groups, {@link FailoverRoutes}),
 * (their secrets sealed like pool secrets when the server has a key), each rule's state per pool
 * (the engine's {@link AlertStateStore}, so a restart never fires a rule again) and the events.
 * Every write is one transaction; nothing thrown holds a channel secret.
 */
final class AlertStore implements AlertStateStore {
  /** The most events kept; older ones are dropped as new ones arrive. */
  static final int MAX_EVENTS = 10_000;

  /** Schema version 3, one statement per line ending in ';'. */
  // the tables: db/hmm-pools/V4__create_alert_tables.sql

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PoolStore db;
  private final Clock clock;

  AlertStore(PoolStore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** An event as stored, with its id (newer events have larger ids). */
  record StoredEvent(long id, AlertEvent event) {}

  // ------------------------------------------------------------------ rules

  List<AlertRule> rules() {
    return call(c -> {
      List<AlertRule> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM alert_rules ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AlertInput.rule(JSON.readTree(rs.getString(1)), null));
        }
      } catch (JsonProcessingException e) {
        throw new HmmPoolsException("a stored alert rule is not valid JSON", e);
      }
      return out;
    });
  }

  Optional<AlertRule> rule(String id) {
    return rules().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** @return whether it was inserted (false: the id is taken) */
  boolean insertRule(AlertRule rule) {
    return inTransaction(c -> {
      if (exists(c, "alert_rules", rule.id())) {
        return false;
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO alert_rules (id, definition, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, rule.id());
        ps.setString(2, json(AlertInput.view(rule)));
        ps.setObject(3, now());
        ps.setObject(4, now());
        ps.executeUpdate();
      }
      return true;
    });
  }

  /** @return whether there was such a rule; the states of a changed rule are the engine's to drop */
  boolean updateRule(AlertRule rule) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE alert_rules SET definition = ?, updated_at = ? WHERE id = ?")) {
        ps.setString(1, json(AlertInput.view(rule)));
        ps.setObject(2, now());
        ps.setString(3, rule.id());
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** @return whether there was such a rule; its states go with it */
  boolean deleteRuleAndStates(String id) {
    return inTransaction(c -> {
      delete(c, "DELETE FROM alert_states WHERE rule_id = ?", id);
      return delete(c, "DELETE FROM alert_rules WHERE id = ?", id) == 1;
    });
  }

  // ------------------------------------------------------------------ failover groups

  /** A stored group: its definition as JSON, and the pool its miner was last moved to. */
  record StoredGroup(String id, String definition, @Nullable String currentPool) {}

  List<StoredGroup> groups() {
    return call(c -> {
      List<StoredGroup> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, definition, current_pool FROM failover_groups ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredGroup(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return out;
    });
  }

  /** @return whether it was inserted (false: the id is taken) */
  boolean insertGroup(String id, String definition) {
    return inTransaction(c -> {
      if (exists(c, "failover_groups", id)) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO failover_groups (id, definition, current_pool, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, definition);
        ps.setObject(3, now());
        ps.setObject(4, now());
        ps.executeUpdate();
      }
      return true;
    });
  }

  /** @return whether there was such a group; a changed group starts again on its primary */
  boolean updateGroup(String id, String definition) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE failover_groups SET definition = ?, current_pool = NULL, updated_at = ? WHERE id = ?")) {
        ps.setString(1, definition);
        ps.setObject(2, now());
        ps.setString(3, id);
        return ps.executeUpdate() == 1;
      }
    });
  }

  void setCurrentPool(String id, String poolId) {
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE failover_groups SET current_pool = ? WHERE id = ?")) {
        ps.setString(1, poolId);
        ps.setString(2, id);
        return ps.executeUpdate();
      }
    });
  }

  boolean deleteGroup(String id) {
    return inTransaction(c -> delete(c, "DELETE FROM failover_groups WHERE id = ?", id) == 1);
  }

  // ------------------------------------------------------------------ channels

  List<AlertInput.ChannelSpec> channels() {
    return call(c -> {
      List<AlertInput.ChannelSpec> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, channel_type, config FROM alert_channels ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(readChannel(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return out;
    });
  }

  /** @return whether it was inserted (false: the id is taken) */
  boolean insertChannel(AlertInput.ChannelSpec ch) {
    return inTransaction(c -> {
      if (exists(c, "alert_channels", ch.id())) {
        return false;
      }
      ObjectNode config = JSON.createObjectNode();
      put(config, ch.id(), "url", ch.url());
      put(config, ch.id(), "secret", ch.secret());
      put(config, ch.id(), "token", ch.token());
      config.put("chat_id", ch.chatId());
      config.put("api", ch.api());
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO alert_channels (id, channel_type, config, created_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, ch.id());
        ps.setString(2, ch.type());
        ps.setString(3, config.toString());
        ps.setObject(4, now());
        ps.executeUpdate();
      }
      return true;
    });
  }

  boolean deleteChannel(String id) {
    return inTransaction(c -> delete(c, "DELETE FROM alert_channels WHERE id = ?", id) == 1);
  }

  /** Secrets (every field that may hold a token) are sealed when the server has a key. */
  private void put(ObjectNode config, String channelId, String field, @Nullable String value) {
    SecretCipher cipher = db.cipher();
    config.put(field, value == null || cipher == null ? value : cipher.seal("alert-channel:" + channelId, field, value));
  }

  private AlertInput.ChannelSpec readChannel(String id, String type, String configJson) {
    JsonNode n;
    try {
      n = JSON.readTree(configJson);
    } catch (JsonProcessingException e) {
      throw new HmmPoolsException("stored alert channel '" + id + "' is not valid JSON", e);
    }
    return new AlertInput.ChannelSpec(
        id, type, open(id, n, "url"), open(id, n, "secret"), open(id, n, "token"), text(n, "chat_id"), text(n, "api"));
  }

  private @Nullable String open(String channelId, JsonNode n, String field) {
    String v = text(n, field);
    if (v != null && SecretCipher.isSealed(v)) {
      SecretCipher cipher = db.cipher();
      if (cipher == null) {
        throw new HmmPoolsException("alert channel '" + channelId + "' has an encrypted " + field
            + "; start the server with " + SecretCipher.ENV);
      }
      return cipher.open("alert-channel:" + channelId, field, v);
    }
    return v;
  }

  // ------------------------------------------------------------------ events

  long addEvent(AlertEvent e) {
    return inTransaction(c -> {
      long id;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO alert_events (rule_id, rule_name, kind, pool_id, event_type, message, at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)",
              new String[] {"id"})) {
        ps.setString(1, e.ruleId());
        ps.setString(2, e.ruleName());
        ps.setString(3, e.kind().jsonName());
        ps.setString(4, e.poolId());
        ps.setString(5, e.type().jsonName());
        ps.setString(6, e.message());
        ps.setObject(7, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_events WHERE id <= ?")) {
        ps.setLong(1, id - MAX_EVENTS);
        ps.executeUpdate();
      }
      return id;
    });
  }

  /** @return events, newest first */
  List<StoredEvent> events(int limit, int offset) {
    return call(c -> {
      List<StoredEvent> out = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, rule_id, rule_name, kind, pool_id, event_type, message, at FROM alert_events"
                  + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
        ps.setInt(1, limit);
        ps.setInt(2, offset);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new StoredEvent(rs.getLong(1), new AlertEvent(
                rs.getString(2), rs.getString(3), RuleKind.parse(rs.getString(4)), rs.getString(5),
                AlertEvent.Type.valueOf(rs.getString(6).toUpperCase(java.util.Locale.ROOT)), rs.getString(7),
                rs.getObject(8, OffsetDateTime.class).toInstant())));
          }
        }
      }
      return out;
    });
  }

  int eventCount() {
    return call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alert_events");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  // ------------------------------------------------------------------ rule states

  /** @return the states of rules now firing */
  List<RuleState> firing() {
    return call(c -> {
      List<RuleState> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT state FROM alert_states WHERE firing = TRUE ORDER BY rule_id, pool_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(state(rs.getString(1)));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<RuleState> load(String ruleId, String poolId) {
    return call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT state FROM alert_states WHERE rule_id = ? AND pool_id = ?")) {
        ps.setString(1, ruleId);
        ps.setString(2, poolId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(state(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void save(RuleState s) {
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_states WHERE rule_id = ? AND pool_id = ?")) {
        ps.setString(1, s.ruleId());
        ps.setString(2, s.poolId());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_states (rule_id, pool_id, firing, state) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, s.ruleId());
        ps.setString(2, s.poolId());
        ps.setBoolean(3, s.firing());
        ps.setString(4, json(s));
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void deleteRule(String ruleId) {
    inTransaction(c -> delete(c, "DELETE FROM alert_states WHERE rule_id = ?", ruleId));
  }

  private static String json(RuleState s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("rule_id", s.ruleId());
    n.put("pool_id", s.poolId());
    n.put("firing", s.firing());
    n.put("condition_since", str(s.conditionSince()));
    n.put("last_notified", str(s.lastNotified()));
    n.put("health_checked", s.healthChecked());
    n.put("average_hashrate", s.averageHashrate());
    n.put("average_at", str(s.averageAt()));
    n.put("last_block_time", str(s.lastBlockTime()));
    n.put("blocks_24h", s.blocks24h());
    n.put("confirmed_balance", s.confirmedBalance() == null ? null : s.confirmedBalance().toPlainString());
    return n.toString();
  }

  private static RuleState state(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new HmmPoolsException("a stored alert state is not valid JSON", e);
    }
    return new RuleState(
        n.get("rule_id").asText(),
        n.get("pool_id").asText(),
        n.get("firing").asBoolean(),
        instant(n, "condition_since"),
        instant(n, "last_notified"),
        n.path("health_checked").asBoolean(false),
        n.hasNonNull("average_hashrate") ? n.get("average_hashrate").asDouble() : null,
        instant(n, "average_at"),
        instant(n, "last_block_time"),
        n.hasNonNull("blocks_24h") ? n.get("blocks_24h").asInt() : null,
        n.hasNonNull("confirmed_balance") ? new BigDecimal(n.get("confirmed_balance").asText()) : null);
  }

  private static @Nullable String str(@Nullable Instant t) {
    return t == null ? null : t.toString();
  }

  private static @Nullable Instant instant(JsonNode n, String field) {
    return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
  }

  private static @Nullable String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  // ------------------------------------------------------------------ plumbing

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static boolean exists(Connection c, String table, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static int delete(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      return ps.executeUpdate();
    }
  }

  private <T> T call(PoolStore.SqlWork<T> work) {
    return db.call(work);
  }

  private <T> T inTransaction(PoolStore.SqlWork<T> work) {
    return db.inTransaction(work);
  }
}
