package dev.danvic.hmm.pools.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One {@link ServerFixture} shared by the tests of a class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithServer {
  ServerFixture f;

  @BeforeAll
  void startServer(@TempDir Path dir) {
    f = ServerFixture.start(dir);
  }

  @AfterAll
  void stopServer() {
    f.close();
  }
}
