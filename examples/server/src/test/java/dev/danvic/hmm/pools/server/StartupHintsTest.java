package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails because of a port or a database says which option fixes it. */
class StartupHintsTest {

  @Test
  void aPortInUseNamesThePortOption(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Main.Options options =
          Main.Options.parse(new String[] {"--port", String.valueOf(port), "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
      Throwable failure = catchThrowable(() -> Main.start(options).close());
      assertThat(failure).as("the port is taken").isNotNull();
      assertThat(StartupHints.explain(failure, port, options.db))
          .startsWith("port " + port + " is already in use")
          .contains("--port");
    }
  }

  @Test
  void aDatabaseOpenElsewhereNamesTheDbOptionWithoutItsPassword() {
    // what H2 throws when another process holds the file (error 90020), wrapped as the store does
    RuntimeException failure =
        new IllegalStateException(
            "cannot open the pool database",
            new SQLException("Database may be already in use: \"/data/hmm-pools.mv.db\"", "90020", 90020));
    String db = "jdbc:postgresql://127.0.0.1:5432/hmm?user=hmm&password=s3cret";
    assertThat(StartupHints.explain(failure, 8080, db))
        .contains("is open in another running server")
        .contains("--db")
        .contains("jdbc:postgresql://127.0.0.1:5432/hmm")
        .doesNotContain("s3cret");
  }

  @Test
  void otherFailuresKeepTheirMessage() {
    assertThat(StartupHints.explain(new IllegalStateException("no secret key"), 8080, "jdbc:h2:mem:x"))
        .isEqualTo("no secret key");
  }
}
