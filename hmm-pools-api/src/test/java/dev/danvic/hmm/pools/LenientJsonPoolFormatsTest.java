package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hash-rate strings and the JSON-lines status files of ckpool and NOMP, read by the shared readers. */
class LenientJsonPoolFormatsTest {
  private static final String URL = "http://127.0.0.1/pool/pool.status";

  private static PoolResponse body(String text) {
    return new PoolResponse(200, "text/plain", text, Map.of(), 1);
  }

  @ParameterizedTest
  @CsvSource({
    // ckpool: SI suffix, no unit, bare numbers
    "0, 0",
    "302K, 302e3",
    "4.57G, 4.57e9",
    "85.4T, 85.4e12",
    "12.3P, 12.3e15",
    "1.2E, 1.2e18",
    "7.5M, 7.5e6",
    "123, 123",
    // NOMP hashrateString: a space and an H, no "/s"
    "4.74 TH, 4.74e12",
    "912.5 GH, 912.5e9",
    "1.05 PH, 1.05e15",
    "3.2 KH, 3.2e3",
    "88 MH, 88e6"
  })
  void siHashRateStringsBecomeHashesPerSecond(String text, double hps) {
    JsonNode n = LenientJson.parse(
        new PoolResponse(200, "application/json", "{\"h\": \"" + text + "\"}", Map.of(), 1), URL);
    Double read = LenientJson.hashrateSi(n.get("h"));
    assertThat(read).isNotNull();
    if (hps == 0) {
      assertThat(read).isZero();
    } else {
      assertThat(read).isCloseTo(hps, Percentage.withPercentage(1e-9));
    }
  }

  @Test
  void jsonLinesAreMergedIntoOneObject() {
    String status =
        "{\"runtime\": 3600, \"lastupdate\": 1770292800, \"Users\": 3, \"Workers\": 5, \"Idle\": 1, \"Disconnected\": 0}\n"
            + "{\"hashrate1m\": \"85.4T\", \"hashrate5m\": \"80T\", \"hashrate1hr\": \"79.9T\"}\n"
            + "{\"diff\": 0.12, \"accepted\": 123456789012, \"rejected\": 1234, \"bestshare\": 4120000000.5, \"SPS1m\": 1.5}\n";
    JsonNode n = LenientJson.jsonLines(body(status), URL);
    assertThat(LenientJson.count(n, "Users")).isEqualTo(3L);
    assertThat(LenientJson.hashrateSi(n.get("hashrate1m"))).isEqualTo(85.4e12);
    assertThat(LenientJson.count(n, "accepted")).isEqualTo(123_456_789_012L);
    assertThat(LenientJson.number(n, "SPS1m")).isEqualTo(1.5);
  }

  @Test
  void aLaterLineReplacesAnEarlierKeyAndBlankLinesAndCrLfAreFine() {
    JsonNode n = LenientJson.jsonLines(body("{\"a\": 1, \"b\": 1}\r\n\r\n{\"b\": 2}\r\n"), URL);
    assertThat(LenientJson.count(n, "a")).isEqualTo(1L);
    assertThat(LenientJson.count(n, "b")).isEqualTo(2L);
  }

  @Test
  void oneObjectOverSeveralLinesIsReadAsThatObject() {
    JsonNode n = LenientJson.jsonLines(body("{\n  \"a\": 1,\n  \"b\": \"302K\"\n}\n"), URL);
    assertThat(LenientJson.hashrateSi(n.get("b"))).isEqualTo(302e3);
  }

  @Test
  void aLineThatIsNotAnObjectIsAClearErrorNamingTheLine() {
    assertThatThrownBy(() -> LenientJson.jsonLines(body("{\"a\": 1}\n<html>secret-ish</html>\n"), URL))
        .isInstanceOfSatisfying(
            PoolApiException.class,
            e -> assertThat(e.kind()).isEqualTo(PoolApiException.Kind.MALFORMED_RESPONSE))
        .hasMessageContaining("line 2")
        .hasMessageContaining(URL)
        .hasMessageNotContaining("secret-ish");
  }

  @Test
  void anEmptyBodyIsAClearError() {
    assertThatThrownBy(() -> LenientJson.jsonLines(body("  \n\n"), URL))
        .isInstanceOf(PoolApiException.class)
        .hasMessageContaining("empty body");
  }

  @Test
  void isoTimesWithoutAZoneAreUtcAndAmountsInTheSmallestUnitAreScaledExactly() {
    JsonNode n =
        LenientJson.parse(
            body("{\"ts\": \"2026-02-05T10:00:00\", \"z\": \"2026-02-05T10:00:00+02:00\", \"sat\": 1234, \"s\": \"5678\", \"neg\": -1}"),
            URL);
    assertThat(LenientJson.instantUtc(n.get("ts"))).isEqualTo(java.time.Instant.parse("2026-02-05T10:00:00Z"));
    assertThat(LenientJson.instantUtc(n.get("z"))).isEqualTo(java.time.Instant.parse("2026-02-05T08:00:00Z"));
    assertThat(LenientJson.instant(n.get("ts"))).isNull(); // the plain reader does not guess a zone
    assertThat(LenientJson.scaled(n.get("sat"), 8)).isEqualByComparingTo("0.00001234");
    assertThat(LenientJson.scaled(n.get("s"), 8)).isEqualByComparingTo("0.00005678");
    assertThat(LenientJson.scaled(n.get("neg"), 8)).isNull();
    assertThat(LenientJson.scaled(n.get("missing"), 8)).isNull();
  }
}
