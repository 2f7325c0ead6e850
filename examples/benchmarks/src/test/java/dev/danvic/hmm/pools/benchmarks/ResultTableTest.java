package dev.danvic.hmm.pools.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  private static ResultTable sample() {
    ResultTable t = new ResultTable();
    t.add(new Row("1 cold fan-out", "N=100", "1.10 × L", "≤ 1.2 × L", Row.Verdict.YES));
    t.add(new Row("4 heap", "N=1000", "25.0 KiB per pool", "≤ 20 KiB", Row.Verdict.NO));
    t.add(new Row("5 a|b", "N=10", "3 µs", "-", Row.Verdict.INFO));
    t.add(Row.failed("6 politeness", "K=1000", "≤ 2", "boom"));
    return t;
  }

  @Test
  void textTableAlignsColumnsUnderAHeaderAndRule() {
    List<String> lines = sample().toText().lines().toList();

    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).startsWith("measure").contains("| N/K").contains("| figure").contains("| aim").endsWith("| met?");
    assertThat(lines.get(1)).matches("[-+]+");
    int figureColumn = lines.get(0).indexOf("| figure");
    for (String line : lines.subList(2, lines.size())) {
      assertThat(line.indexOf(" | ", lines.get(0).indexOf("| N/K") + 1)).isEqualTo(figureColumn - 1);
    }
    assertThat(lines.get(2)).endsWith("| yes");
    assertThat(lines.get(3)).endsWith("| NO");
    assertThat(lines.get(4)).endsWith("| -");
    assertThat(lines.get(5)).contains("failed: boom").endsWith("| failed");
  }

  @Test
  void markdownHasOneRowPerFigureAndEscapesPipes() {
    List<String> lines = sample().toMarkdown().lines().toList();

    assertThat(lines.get(0)).isEqualTo("| measure | N/K | figure | aim | met? |");
    assertThat(lines.get(1)).isEqualTo("| --- | --- | --- | --- | --- |");
    assertThat(lines.get(2)).isEqualTo("| 1 cold fan-out | N=100 | 1.10 × L | ≤ 1.2 × L | yes |");
    assertThat(lines.get(4)).startsWith("| 5 a\\|b |");
    assertThat(lines).hasSize(6);
  }

  @Test
  void missedCountsUnmetAndFailedFigures() {
    assertThat(sample().missed()).isEqualTo(2);
  }

  @Test
  void reportKeepsHandWrittenNotesAndPutsTheAimsBesideTheFigures() {
    String notes = Report.NOTES_MARKER + "\n\n## Notes\n\nThe simulators share the cores.\n";
    String report = Report.render(List.of("cores: 2", "JDK: 17"), sample(), 300, false, notes);

    assertThat(report).startsWith("# Benchmarks\n");
    assertThat(report).contains(Benchmarks.COMMAND);
    assertThat(report).contains("- cores: 2\n- JDK: 17\n");
    assertThat(report).contains("| 4 heap | N=1000 | 25.0 KiB per pool | ≤ 20 KiB | NO |");
    assertThat(report).contains("4 figures, 2 aims missed; the run took 300 s.");
    assertThat(report).endsWith(notes);
    assertThat(report).doesNotContain("--quick");
  }
}
