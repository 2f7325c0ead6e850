package dev.danvic.hmm.pools.server;

import java.net.BindException;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed start into a message that names the option that fixes it: a port another
 * program listens on ({@code --port}), a database file another running server holds open
 * ({@code --db}). Other failures keep their own message.
 */
final class StartupHints {
  /** H2's error code for a database file that another process has open. */
  static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private StartupHints() {}

  /**
   * @param failure why the server did not start
   * @param port the port asked for
   * @param db the JDBC URL asked for (never printed whole: it may hold a password)
   * @return one line for a person
   */
  static String explain(Throwable failure, int port, String db) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || mentions(t, "address already in use") || mentions(t, "failed to bind")) {
        return "port "
            + port
            + " is already in use (another server running?): choose another with --port <n>, "
            + "or --port 0 for any free port";
      }
      if ((t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN)
          || mentions(t, "database may be already in use")) {
        return "the database "
            + withoutSecrets(db)
            + " is open in another running server: stop that one, or choose another database with "
            + "--db <jdbc-url> (for example --db jdbc:h2:file:./data2/hmm-pools)";
      }
    }
    return String.valueOf(failure.getMessage());
  }

  private static boolean mentions(Throwable t, String text) {
    String m = t.getMessage();
    return m != null && m.toLowerCase(Locale.ROOT).contains(text);
  }

  /** The JDBC URL up to its first parameter: a PostgreSQL URL may carry {@code password=}. */
  private static String withoutSecrets(@Nullable String db) {
    if (db == null) {
      return "(none)";
    }
    int cut = db.length();
    for (char c : new char[] {'?', ';'}) {
      int i = db.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return db.substring(0, cut);
  }
}
