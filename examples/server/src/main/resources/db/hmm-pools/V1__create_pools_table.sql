-- The seed's pools table. Portable SQL: H2 and PostgreSQL.
CREATE TABLE pools (
  id VARCHAR(64) PRIMARY KEY,
  pool_type VARCHAR(50) NOT NULL,
  name VARCHAR(255) NOT NULL,
  url VARCHAR(255) NOT NULL,
  port INTEGER NOT NULL,
  username VARCHAR(255),
  config TEXT NOT NULL,
  enabled BOOLEAN DEFAULT TRUE NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
