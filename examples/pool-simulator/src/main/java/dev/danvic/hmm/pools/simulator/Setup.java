package dev.danvic.hmm.pools.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What a simulated API needs to know about its pool.
 *
 * @param chain the coin's network and the pool's blocks
 * @param seed the seed every simulated number derives from
 * @param username the account: Solopool's address, Braiins' user name, MMFP's worker prefix
 * @param credential Braiins' token or MMFP's API key; {@code null} when none is required
 * @param legacy whether to answer in the older form the spec describes
 * @param started the clock's time when the simulator was built
 * @param dropped names of the home rigs taken offline through the admin endpoint (mutable, shared)
 */
record Setup(
    Chain chain,
    long seed,
    String username,
    @Nullable String credential,
    boolean legacy,
    Instant started,
    Set<String> dropped) {

  /** A setup with no rig dropped. */
  Setup(Chain chain, long seed, String username, @Nullable String credential, boolean legacy, Instant started) {
    this(chain, seed, username, credential, legacy, started, ConcurrentHashMap.newKeySet());
  }

  /** @return the home rigs as the pool sees them now: a dropped one is off, silent since it was dropped */
  List<Rig> rigs() {
    if (dropped.isEmpty()) {
      return Rig.HOME;
    }
    return Rig.HOME.stream()
        .map(r -> dropped.contains(r.name()) ? new Rig(r.index(), r.name(), r.nominal(), "off", r.userAgent(), Duration.ZERO) : r)
        .toList();
  }

  @Override
  public String toString() {
    // never show the credential
    return "Setup[coin=" + chain.profile().coin() + ", username=" + username + ", legacy=" + legacy + "]";
  }
}
