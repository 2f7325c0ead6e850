CREATE INDEX pools_created_at ON pools (created_at, id);
