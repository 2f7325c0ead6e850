package dev.danvic.hmm.pools.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.core.PoolRegistry;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick-start snippet compiles exactly as pasted, imports included. */
class ReadmeSnippetTest {
  static final Path README = Path.of("../../README.md");

  /** The first {@code java} block after the "## Quick start" heading. */
  static String snippet() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Quick start");
    assertThat(start).as("README has a Quick start section").isPositive();
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find(start)).as("a java block in the Quick start").isTrue();
    return m.group(1);
  }

  @Test
  void theQuickStartSnippetCompilesAsPasted(@TempDir Path dir) throws Exception {
    String code = snippet();
    assertThat(code).startsWith("import ").contains("public class QuickStart");
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, code, StandardCharsets.UTF_8);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK, not a JRE").isNotNull();
    List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-classpath", classPath(), "-Xlint:none"));
    args.add(source.toString());
    StringWriter out = new StringWriter();
    int exit = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        out.write(b);
      }
    }, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
    assertThat(exit).as("javac output:\n" + out).isZero();
    assertThat(dir.resolve("QuickStart.class")).exists();
  }

  @Test
  void anUnknownHostIsExplainedNotANoSuchElementException() {
    // a registry without plugins recognises nothing, at once and without a request
    try (PoolRegistry registry = PoolRegistry.builder().build()) {
      assertThatThrownBy(() -> Quickstart.detectType(registry, "stratum+tcp://127.0.0.1", 3333))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "stratum+tcp://127.0.0.1:3333 is not a pool any installed plugin recognises (plugins: []);"
                  + " add the pool's plugin, or set its pool_type yourself");
    }
  }

  /** The test's class path, with the jars a surefire manifest-only jar points at. */
  private static String classPath() throws Exception {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(e);
      if (e.endsWith(".jar")) {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(e)) {
          java.util.jar.Manifest mf = jar.getManifest();
          String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String u : cp.trim().split("\\s+")) {
              entries.add(Path.of(new java.net.URI(u)).toString());
            }
          }
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
