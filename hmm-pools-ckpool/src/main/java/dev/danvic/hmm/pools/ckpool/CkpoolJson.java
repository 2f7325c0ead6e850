package dev.danvic.hmm.pools.ckpool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads ckpool's status files into small immutable readings. Pure functions; every key is
 * optional. Hash rates are strings with an SI suffix ({@code "85.4T"}, {@code "302K"}, bare
 * {@code "0"}), read by {@link LenientJson#hashrateSi}; share counts may be fractional.
 */
final class CkpoolJson {
  /** Hash-rate windows in order of preference: 5 min is current yet not as noisy as 1 min. */
  static final List<String> HASHRATE_WINDOWS =
      List.of("hashrate5m", "hashrate1m", "hashrate15m", "hashrate1hr", "hashrate6hr", "hashrate1d", "hashrate7d");

  private CkpoolJson() {}

  /**
   * {@code /pool/pool.status}, its lines merged.
   *
   * @param users {@code Users}
   * @param workers {@code Workers} (connected)
   * @param hashrate the first known of {@link #HASHRATE_WINDOWS}, H/s
   * @param accepted {@code accepted}, difficulty-1 shares
   * @param rejected {@code rejected}, difficulty-1 shares
   * @param bestShare {@code bestshare}, plain difficulty
   * @param lastUpdate {@code lastupdate}
   */
  record StatusReading(
      @Nullable Integer users,
      @Nullable Integer workers,
      @Nullable Double hashrate,
      @Nullable Long accepted,
      @Nullable Long rejected,
      @Nullable Double bestShare,
      @Nullable Instant lastUpdate) {}

  /**
   * {@code /users/{address}}.
   *
   * @param workers {@code workers} (active)
   * @param hashrate the first known of {@link #HASHRATE_WINDOWS}, H/s
   * @param shares {@code shares}, accepted difficulty-1 shares (a fraction is truncated)
   * @param bestShare {@code bestshare}, plain difficulty (the current round)
   * @param bestEver {@code bestever}, plain difficulty (all-time)
   * @param lastShare {@code lastshare}
   */
  record UserReading(
      @Nullable Integer workers,
      @Nullable Double hashrate,
      @Nullable Long shares,
      @Nullable Double bestShare,
      @Nullable Double bestEver,
      @Nullable Instant lastShare) {}

  static StatusReading status(JsonNode json) {
    return new StatusReading(
        LenientJson.intCount(json, "Users", "users"),
        LenientJson.intCount(json, "Workers", "workers"),
        hashrate(json),
        LenientJson.count(json, "accepted"),
        LenientJson.count(json, "rejected"),
        positive(LenientJson.number(json, "bestshare")),
        LenientJson.epochSeconds(LenientJson.at(json, "lastupdate")));
  }

  static UserReading user(JsonNode json) {
    return new UserReading(
        LenientJson.intCount(json, "workers"),
        hashrate(json),
        LenientJson.count(json, "shares"),
        positive(LenientJson.number(json, "bestshare")),
        positive(LenientJson.number(json, "bestever")),
        LenientJson.epochSeconds(LenientJson.at(json, "lastshare")));
  }

  /** A merged status that looks like ckpool's: the keys only it writes together. */
  static boolean looksLikeStatus(@Nullable JsonNode json) {
    return json != null
        && json.isObject()
        && ((json.has("Users") && json.has("Workers"))
            || (json.has("hashrate1m") && json.has("hashrate5m"))
            || (json.has("accepted") && json.has("SPS1m")));
  }

  private static @Nullable Double hashrate(JsonNode json) {
    for (String window : HASHRATE_WINDOWS) {
      Double v = LenientJson.hashrateSi(LenientJson.at(json, window));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || !(v > 0) ? null : v;
  }
}
