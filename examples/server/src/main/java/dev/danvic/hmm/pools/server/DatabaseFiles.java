package dev.danvic.hmm.pools.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of an embedded H2 database, kept readable by their owner only: a folder the server
 * creates gets permissions {@code 700}, the database file is created {@code 600} before H2 opens
 * it, and every file of the database ({@code NAME.mv.db}, {@code NAME.trace.db}, ...) is set to
 * {@code 600} after it is opened. On a file system without POSIX permissions (Windows) nothing is
 * changed.
 */
final class DatabaseFiles {
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private DatabaseFiles() {}

  /**
   * @param jdbcUrl a JDBC URL
   * @return the base path of the embedded H2 file database it names ({@code ./data/hmm-pools} for
   *     {@code jdbc:h2:file:./data/hmm-pools;...}), empty for anything else (in memory, a server,
   *     another database)
   */
  static Optional<Path> h2FileBase(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String rest = jdbcUrl.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    if (semi >= 0) {
      rest = rest.substring(0, semi);
    }
    String lower = rest.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("zip:")
        || lower.startsWith("nio") || lower.startsWith("split:") || lower.startsWith("memfs:") || lower.startsWith("memlzf:")) {
      return Optional.empty();
    }
    if (lower.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.startsWith("~")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    return rest.isBlank() ? Optional.empty() : Optional.of(Path.of(rest).toAbsolutePath().normalize());
  }

  /** Before H2 opens the database: its folder (created 700 when absent) and its file (created 600). */
  static void prepare(Path base) {
    if (!posix()) {
      return;
    }
    try {
      Path dir = base.getParent();
      if (dir != null && !Files.exists(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      }
      Path file = base.resolveSibling(base.getFileName() + ".mv.db");
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database folder of " + base + ": " + e.getMessage(), e);
    }
  }

  /** After H2 opened the database: every file of it readable by its owner only. */
  static void restrict(Path base) {
    Path dir = base.getParent();
    if (!posix() || dir == null) {
      return;
    }
    String prefix = base.getFileName() + ".";
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith(prefix) && Files.isRegularFile(f)) {
          Files.setPosixFilePermissions(f, OWNER_FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the permissions of the database files " + base + ".*: " + e.getMessage(), e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
