/**
 * The Braiins Pool plugin (formerly Slush Pool; BTC, FPPS): {@link
 * dev.danvic.hmm.pools.braiins.BraiinsIntegration}, found by {@link java.util.ServiceLoader} as a
 * {@link dev.danvic.hmm.pools.BasePoolIntegration}, plus the Braiins-only payout history
 * ({@link dev.danvic.hmm.pools.braiins.BraiinsPayout}).
 *
 * <p>Every request carries the account's access token and shares one rate limit of one request per
 * 5 s per token, so a full dashboard refresh takes about 15&ndash;20 s.
 */
@NullMarked
package dev.danvic.hmm.pools.braiins;

import org.jspecify.annotations.NullMarked;
