package dev.danvic.hmm.pools.simulator;

import java.time.Instant;
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
 */
record Setup(
    Chain chain, long seed, String username, @Nullable String credential, boolean legacy, Instant started) {

  @Override
  public String toString() {
    // never show the credential
    return "Setup[coin=" + chain.profile().coin() + ", username=" + username + ", legacy=" + legacy + "]";
  }
}
