package dev.danvic.hmm.pools.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

/** The suite's recognisable token, and the check that some text does not show it. */
final class Secrets {
  /** Sent as the Braiins token and the MMFP key, and set as {@code api_key} of every faulted pool. */
  static final String TOKEN = "RELIABILITY-tok3n-7f3a9c01e5d2";

  private Secrets() {}

  /** Fails when {@code text} holds the token, whole or in any letter case. */
  static void assertNoToken(String where, String text) {
    assertThat(text == null ? "" : text.toLowerCase(Locale.ROOT))
        .as("the token must not appear in %s", where)
        .doesNotContain(TOKEN.toLowerCase(Locale.ROOT));
  }
}
