package dev.danvic.hmm.pools.reliability;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the scorecard once every test of the run has finished: always to
 * {@code target/reliability/scorecard.md}, and also to the file named by the system property
 * {@code scorecard.out} when it is set (relative paths from this module's folder). Registered in
 * {@code META-INF/services}, so a run of any subset of the suite writes what that subset recorded.
 */
public final class ScorecardListener implements TestExecutionListener {
  private volatile Instant started = Instant.now();

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    started = Instant.now();
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (Scorecard.entries().isEmpty()) {
      return; // not this suite's run
    }
    String markdown = Scorecard.render(started, Instant.now());
    Scorecard.write(Path.of("target", "reliability", "scorecard.md"), markdown);
    String out = System.getProperty("scorecard.out", "");
    if (!out.isBlank()) {
      Scorecard.write(Path.of(out.trim()), markdown);
    }
  }
}
