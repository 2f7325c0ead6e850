package dev.danvic.hmm.pools.core.internal;

import java.time.Duration;

/**
 * The validated settings of one {@code HttpPoolTransport}. Not API.
 *
 * @param connectTimeout the most time to open a TCP (and TLS) connection
 * @param readTimeout the most time between two reads of the response
 * @param maxBodyBytes the largest response body accepted, bytes
 * @param userAgent the {@code User-Agent} header sent with every request
 * @param maxAttempts attempts of one {@code getJson}, first one included (1 means no retry)
 * @param initialBackoff the wait before the first retry, before jitter
 * @param backoffMultiplier how much each further wait grows (2 doubles it)
 * @param backoffJitter how much a wait is randomised, 0 (none) to below 1 (plus or minus 100 percent)
 * @param defaultDeadline how long an operation may take when the caller gives no deadline
 * @param maxConcurrentRequests the most requests in flight at once through the transport's own
 *     OkHttp client; further ones wait in its dispatcher's queue
 * @param maxConcurrentRequestsPerHost the most requests in flight at once to one host (the URL's
 *     host name or address) through the transport's own OkHttp client
 * @param allowLinkLocal whether link-local and cloud metadata addresses may be connected to
 * @param maxIdleConnections the most idle connections the transport's own OkHttp client keeps
 *     open for the next request (its connection pool's size)
 * @param idleConnectionTimeout how long the transport's own client keeps an idle connection open
 */
public record TransportSettings(
    Duration connectTimeout,
    Duration readTimeout,
    long maxBodyBytes,
    String userAgent,
    int maxAttempts,
    Duration initialBackoff,
    double backoffMultiplier,
    double backoffJitter,
    Duration defaultDeadline,
    int maxConcurrentRequests,
    int maxConcurrentRequestsPerHost,
    boolean allowLinkLocal,
    int maxIdleConnections,
    Duration idleConnectionTimeout) {}
