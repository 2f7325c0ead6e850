-- Pool history (JdbcHistoryStore): one row per pool, tier (raw, 5-minute, hourly) and start time.
-- The primary key is the index every range query reads.
CREATE TABLE pool_history (
  pool_id VARCHAR(64) NOT NULL,
  tier SMALLINT NOT NULL,
  start_ms BIGINT NOT NULL,
  samples INTEGER NOT NULL,
  healthy INTEGER NOT NULL,
  figures BYTEA NOT NULL,
  PRIMARY KEY (pool_id, tier, start_ms)
);
