package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.PoolContext;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A network source's test: a loopback server playing the node or explorer, and a real transport. */
abstract class LoopbackSourceFixture {
  MockWebServer server;
  HttpPoolTransport transport;

  @BeforeEach
  void startServer() throws Exception {
    server = TransportTestSupport.startServer();
    transport = HttpPoolTransport.builder().maxAttempts(1).build();
  }

  @AfterEach
  void stopServer() {
    transport.close();
    server.close();
  }

  /** @return a context for one read of a source, as the service makes it */
  PoolContext ctx() {
    return transport.context("network:BTC", Instant.now().plusSeconds(20));
  }
}
