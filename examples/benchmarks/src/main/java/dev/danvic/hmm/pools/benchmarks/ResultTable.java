package dev.danvic.hmm.pools.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The rows of a benchmark run, written as a plain-text table or a Markdown one. */
final class ResultTable {
  static final String[] HEADERS = {"measure", "N/K", "figure", "aim", "met?"};

  private final List<Row> rows = new ArrayList<>();

  /** @param row a line to add at the end */
  void add(Row row) {
    rows.add(row);
  }

  /** @return the lines so far, in the order added */
  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** @return how many lines say {@link Row.Verdict#NO} or {@link Row.Verdict#FAILED} */
  long missed() {
    return rows.stream().filter(r -> r.verdict() == Row.Verdict.NO || r.verdict() == Row.Verdict.FAILED).count();
  }

  /** @return the table with aligned columns, one header line and a rule under it */
  String toText() {
    List<String[]> cells = cells();
    int[] width = new int[HEADERS.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < cells.size(); l++) {
      String[] line = cells.get(l);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(i == 0 ? "" : " | ").append(pad(line[i], width[i]));
      }
      sb.append(text.toString().stripTrailing()).append('\n');
      if (l == 0) {
        for (int i = 0; i < width.length; i++) {
          sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** @return the table in Markdown, with {@code |} in a cell escaped */
  String toMarkdown() {
    List<String[]> cells = cells();
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < cells.size(); l++) {
      sb.append('|');
      for (String cell : cells.get(l)) {
        sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
      }
      sb.append('\n');
      if (l == 0) {
        sb.append('|').append(" --- |".repeat(HEADERS.length)).append('\n');
      }
    }
    return sb.toString();
  }

  private List<String[]> cells() {
    List<String[]> out = new ArrayList<>();
    out.add(HEADERS.clone());
    for (Row r : rows) {
      out.add(new String[] {r.measure(), r.size(), r.figure(), r.aim(), r.verdict().text()});
    }
    return out;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
