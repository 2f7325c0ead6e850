package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LenientJsonTest {

  private static JsonNode json(String body) {
    return LenientJson.parse(new PoolResponse(200, "application/json", body, Map.of(), 1), "http://127.0.0.1/x");
  }

  @Test
  void numbersArriveAsNumbersOrStrings() {
    JsonNode n = json("{\"a\": 12.5, \"b\": \"12.5\", \"c\": \" 1e3 \", \"d\": \"abc\", \"e\": null, \"f\": true}");
    assertThat(LenientJson.number(n, "a")).isEqualTo(12.5);
    assertThat(LenientJson.number(n, "b")).isEqualTo(12.5);
    assertThat(LenientJson.number(n, "c")).isEqualTo(1000.0);
    assertThat(LenientJson.number(n, "d")).isNull();
    assertThat(LenientJson.number(n, "e")).isNull();
    assertThat(LenientJson.number(n, "f")).isNull();
    assertThat(LenientJson.number(n, "missing")).isNull();
  }

  @Test
  void nonFiniteAndNegativeValuesAreUnknown() {
    JsonNode n = json("{\"nan\": NaN, \"snan\": \"NaN\", \"inf\": \"Infinity\", \"big\": 1e308, \"huge\": \"1e999\", \"neg\": -5}");
    assertThat(LenientJson.number(n, "nan")).isNull();
    assertThat(LenientJson.number(n, "snan")).isNull();
    assertThat(LenientJson.number(n, "inf")).isNull();
    assertThat(LenientJson.number(n, "big")).isEqualTo(1e308);
    assertThat(LenientJson.number(n, "huge")).isNull();
    assertThat(LenientJson.number(n, "neg")).isEqualTo(-5.0);
    assertThat(LenientJson.nonNegative(n, "neg")).isNull();
    assertThat(LenientJson.count(n, "neg")).isNull();
  }

  @Test
  void firstPresentKeyWinsAlongDottedPaths() {
    JsonNode n = json("{\"node\": {\"difficulty\": null}, \"stats\": {\"difficulty\": \"123\"}, \"networkDifficulty\": 7}");
    assertThat(LenientJson.number(n, "node.difficulty", "stats.difficulty", "networkDifficulty")).isEqualTo(123.0);
    assertThat(LenientJson.number(n, "nope.difficulty", "networkDifficulty")).isEqualTo(7.0);
    assertThat(LenientJson.at(n, "node.difficulty")).isNull();
    assertThat(LenientJson.at(null, "a")).isNull();
  }

  @Test
  void countsAreLongsBeyondTwoToTheThirtyOne() {
    JsonNode n = json("{\"a\": 5000000000, \"b\": \"5000000000\", \"c\": 12.9, \"d\": 1e30}");
    assertThat(LenientJson.count(n, "a")).isEqualTo(5_000_000_000L);
    assertThat(LenientJson.count(n, "b")).isEqualTo(5_000_000_000L);
    assertThat(LenientJson.count(n, "c")).isEqualTo(12L);
    assertThat(LenientJson.count(n, "d")).isNull();
    assertThat(LenientJson.intCount(n, "a")).isNull();
  }

  @Test
  void amountsAreExactDecimals() {
    JsonNode n = json("{\"s\": \"0.000123450000000000000000000001\", \"n\": 0.1, \"i\": 12}");
    assertThat(LenientJson.decimal(n, "s")).isEqualTo(new BigDecimal("0.000123450000000000000000000001"));
    assertThat(LenientJson.decimal(n, "n")).isEqualByComparingTo("0.1");
    assertThat(LenientJson.decimal(n, "i")).isEqualByComparingTo("12");
  }

  @ParameterizedTest
  @CsvSource({
    "302K, 302000",
    "85.4T, 85400000000000",
    "0, 0",
    "1.5 PH/s, 1500000000000000",
    "12G, 12000000000",
    "7, 7"
  })
  void siSuffixedHashRates(String text, double hps) {
    JsonNode n = json("{\"h\": \"" + text + "\"}");
    assertThat(LenientJson.hashrateSi(LenientJson.at(n, "h"))).isCloseTo(hps, org.assertj.core.data.Percentage.withPercentage(1e-9));
  }

  @Test
  void unreadableHashRatesAreUnknown() {
    JsonNode n = json("{\"a\": \"12X\", \"b\": \"-5K\", \"c\": \"\"}");
    assertThat(LenientJson.hashrateSi(LenientJson.at(n, "a"))).isNull();
    assertThat(LenientJson.hashrateSi(LenientJson.at(n, "b"))).isNull();
    assertThat(LenientJson.hashrateSi(LenientJson.at(n, "c"))).isNull();
  }

  @ParameterizedTest
  @CsvSource({"Gh/s, 1e9", "GH/S, 1e9", "gh/s, 1e9", "H/s, 1", "kh/s, 1e3", "Mh/s, 1e6", "TH/s, 1e12", "Ph/s, 1e15", "Eh/s, 1e18", "eh/s, 1e18"})
  void hashRateUnitsInAnyCase(String unit, double factor) {
    assertThat(LenientJson.unitFactor(unit)).isEqualTo(factor);
    JsonNode n = json("{\"v\": \"2.5\"}");
    assertThat(LenientJson.hashrateInUnit(LenientJson.at(n, "v"), unit)).isEqualTo(2.5 * factor);
  }

  @Test
  void anUnknownUnitIsUnknownNotGuessed() {
    assertThat(LenientJson.unitFactor("sol/s")).isNull();
    assertThat(LenientJson.unitFactor("Gb/s")).isNull();
  }

  @Test
  void timesInSecondsMillisOrIso() {
    JsonNode n = json("{\"s\": 1738756800, \"ms\": 1738756800000, \"iso\": \"2025-02-05T12:00:00Z\", \"zero\": 0, \"str\": \"1738756800\"}");
    Instant t = Instant.parse("2025-02-05T12:00:00Z");
    assertThat(LenientJson.epochSeconds(LenientJson.at(n, "s"))).isEqualTo(t);
    assertThat(LenientJson.epochMillis(LenientJson.at(n, "ms"))).isEqualTo(t);
    assertThat(LenientJson.instant(n, "s")).isEqualTo(t);
    assertThat(LenientJson.instant(n, "ms")).isEqualTo(t);
    assertThat(LenientJson.instant(n, "iso")).isEqualTo(t);
    assertThat(LenientJson.instant(n, "str")).isEqualTo(t);
    assertThat(LenientJson.instant(n, "zero")).isNull();
  }

  @Test
  void booleansAndText() {
    JsonNode n = json("{\"a\": \"TRUE\", \"b\": 0, \"c\": \"maybe\", \"t\": 42, \"blank\": \"  \"}");
    assertThat(LenientJson.bool(LenientJson.at(n, "a"))).isTrue();
    assertThat(LenientJson.bool(LenientJson.at(n, "b"))).isFalse();
    assertThat(LenientJson.bool(LenientJson.at(n, "c"))).isNull();
    assertThat(LenientJson.text(n, "t")).isEqualTo("42");
    assertThat(LenientJson.text(n, "blank")).isNull();
  }

  @Test
  void malformedBodiesGiveAClearErrorWithoutEchoingTheBody() {
    for (String body : List.of("<html><body>502 Bad Gateway secret-abc</body></html>", "{\"a\": 1", "", "{\"a\":1} trailing")) {
      assertThatThrownBy(() -> LenientJson.parse(new PoolResponse(200, "text/html", body, Map.of(), 1), "http://127.0.0.1:1/api/stats"))
          .isInstanceOfSatisfying(PoolApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(PoolApiException.Kind.MALFORMED_RESPONSE);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("http://127.0.0.1:1/api/stats").doesNotContain("secret-abc");
          });
    }
  }

  // A hang here means a reader did arithmetic on an unbounded value (10^999999999 has a billion
  // digits); the timeout only stops the build from hanging, it measures nothing.
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void hostileNumbersAreUnknownBeforeAnyArithmetic() {
    String digits = "9".repeat(999);
    JsonNode n =
        json("{\"exp\": 1e999999999, \"sexp\": \"1e999999999\", \"tiny\": 1e-999999999,"
            + " \"slow\": 1e99999999, \"sslow\": \"1e99999999\","
            + " \"stiny\": \"-1E-999999999\", \"zero\": 0e999999999, \"long\": " + digits + ","
            + " \"slong\": \"" + digits + "\", \"frac\": 0." + digits + "}");
    for (String key : List.of("exp", "sexp", "slow", "sslow", "tiny", "stiny", "long", "slong", "frac")) {
      assertThat(LenientJson.decimal(n, key)).as(key).isNull();
      assertThat(LenientJson.count(n, key)).as(key).isNull();
      assertThat(LenientJson.intCount(n, key)).as(key).isNull();
      assertThat(LenientJson.epochSeconds(LenientJson.at(n, key))).as(key).isNull();
      assertThat(LenientJson.epochMillis(LenientJson.at(n, key))).as(key).isNull();
      assertThat(LenientJson.instant(n, key)).as(key).isNull();
    }
    for (String key : List.of("exp", "sexp", "slow", "sslow", "long", "slong")) {
      assertThat(LenientJson.hashrateSi(LenientJson.at(n, key))).as(key).isNull();
    }
    assertThat(LenientJson.number(n, "exp")).isNull();
    assertThat(LenientJson.number(n, "sexp")).isNull();
    assertThat(LenientJson.number(n, "long")).isNull();
    assertThat(LenientJson.decimal(n, "zero")).isEqualByComparingTo("0");
    assertThat(LenientJson.count(n, "zero")).isZero();
  }

  @Test
  void theBoundsAreWhereTheJavadocSaysTheyAre() {
    assertThat(LenientJson.bounded(new BigDecimal("9.99e39"))).isEqualByComparingTo("9.99e39");
    assertThat(LenientJson.bounded(new BigDecimal("-9.99e39"))).isEqualByComparingTo("-9.99e39");
    assertThat(LenientJson.bounded(new BigDecimal("1e40"))).isNull();
    assertThat(LenientJson.bounded(new BigDecimal("1e-40"))).isEqualByComparingTo("1e-40");
    assertThat(LenientJson.bounded(new BigDecimal("9.9e-41"))).isNull();
    assertThat(LenientJson.bounded(new BigDecimal("0.00012345000000000000000000000000000"))).isNotNull();
    assertThat(LenientJson.bounded(new BigDecimal("1." + "0".repeat(99)))).isNotNull();
    assertThat(LenientJson.bounded(new BigDecimal("1." + "0".repeat(99) + "1"))).isNull();
    assertThat(LenientJson.bounded(new BigDecimal("0E-999999999")).toPlainString()).isEqualTo("0");
    assertThat(LenientJson.bounded(null)).isNull();
    // amounts and timestamps pools really send stay exact
    JsonNode n = json("{\"sats\": 2100000000000000, \"btc\": \"0.00012345\", \"t\": 1700000000.5}");
    assertThat(LenientJson.decimal(n, "sats")).isEqualByComparingTo("2100000000000000");
    assertThat(LenientJson.decimal(n, "btc")).isEqualByComparingTo("0.00012345");
    assertThat(LenientJson.instant(n, "t")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
  }

  @Test
  void aNumberLongerThanTheParsersLimitMakesTheBodyMalformedWithAMessageSayingSo() {
    String body = "{\"a\": " + "1".repeat(LenientJson.MAX_NUMBER_LENGTH + 1) + "}";
    assertThatThrownBy(() -> json(body))
        .isInstanceOfSatisfying(
            PoolApiException.class,
            e -> assertThat(e.kind()).isEqualTo(PoolApiException.Kind.MALFORMED_RESPONSE))
        .hasMessageContaining("longer than " + LenientJson.MAX_NUMBER_LENGTH + " characters");
    // at the limit it parses, and the value reads as unknown
    assertThat(LenientJson.count(json("{\"a\": " + "1".repeat(LenientJson.MAX_NUMBER_LENGTH) + "}"), "a")).isNull();
  }
}
