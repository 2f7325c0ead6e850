package dev.danvic.hmm.pools.benchmarks;

import java.util.Objects;

/**
 * One line of the result table.
 *
 * @param measure what was measured, such as {@code "1 cold fan-out"}
 * @param size the N (pools) or K (readers) of this line, such as {@code "N=100"}
 * @param figure the result as text, with its unit
 * @param aim the aim as text, or {@code "-"} when the figure is shown without one
 * @param verdict whether the aim was met
 */
record Row(String measure, String size, String figure, String aim, Verdict verdict) {

  /** Whether a figure meets its aim. */
  enum Verdict {
    /** The aim is met. */
    YES("yes"),
    /** The aim is not met. */
    NO("NO"),
    /** There is no aim to meet: the figure is shown for how it grows. */
    INFO("-"),
    /** The measurement could not be taken; the figure says why. */
    FAILED("failed");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    /** @return the text of the "met?" column */
    String text() {
      return text;
    }

    /**
     * @param met whether the aim is met
     * @return {@link #YES} or {@link #NO}
     */
    static Verdict of(boolean met) {
      return met ? YES : NO;
    }
  }

  /** Checks that every column is present. */
  Row {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(figure, "figure");
    Objects.requireNonNull(aim, "aim");
    Objects.requireNonNull(verdict, "verdict");
  }

  /**
   * @param measure what was attempted
   * @param size its N or K
   * @param aim its aim
   * @param why what went wrong
   * @return a line saying the measurement failed
   */
  static Row failed(String measure, String size, String aim, String why) {
    return new Row(measure, size, "failed: " + why, aim, Verdict.FAILED);
  }
}
