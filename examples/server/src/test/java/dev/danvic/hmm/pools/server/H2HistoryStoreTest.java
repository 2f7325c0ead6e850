package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcHistoryStore} on an embedded H2 file database. */
class H2HistoryStoreTest extends HistoryStoreContract {
  @TempDir Path dir;
  PoolStore db;

  @Override
  HistoryStore open(Clock clock, HistoryRetention retention) {
    db = PoolStore.open("jdbc:h2:file:" + dir.resolve("history").toAbsolutePath());
    return new JdbcHistoryStore(db, clock, retention);
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }
}
