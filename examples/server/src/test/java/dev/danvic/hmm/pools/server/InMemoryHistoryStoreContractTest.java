package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import dev.danvic.hmm.pools.core.history.InMemoryHistoryStore;
import java.time.Clock;

/** The SDK's in-memory store passes the same contract (so the contract itself is checked). */
class InMemoryHistoryStoreContractTest extends HistoryStoreContract {
  @Override
  HistoryStore open(Clock clock, HistoryRetention retention) {
    return InMemoryHistoryStore.create(clock, retention);
  }
}
