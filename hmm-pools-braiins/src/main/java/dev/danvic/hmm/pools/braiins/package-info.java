/**
 * The Braiins Pool plugin (formerly Slush Pool; BTC, FPPS): {@link
 * dev.danvic.hmm.pools.braiins.BraiinsIntegration}, found by {@link java.util.ServiceLoader} as a
 * {@link dev.danvic.hmm.pools.BasePoolIntegration}, plus the Braiins-only payout history
 * ({@link dev.danvic.hmm.pools.braiins.BraiinsPayout}).
 *
 * <p>Every request carries the account's access token and shares one rate limit of one request per
 * 5 s per token, so a full dashboard refresh takes about 15&ndash;20 s.
 *
 * <p>The module's shape: {@code BraiinsIntegration} (the contract and the requests it sends),
 * {@code BraiinsEndpoints} (origin, token headers and rate-limit key of one account),
 * {@code BraiinsJson} (responses to readings), {@code BraiinsTiles} (readings to tiles), and the
 * public record {@code BraiinsPayout} of the Braiins-only payout history.
 */
@NullMarked
package dev.danvic.hmm.pools.braiins;

import org.jspecify.annotations.NullMarked;
