/**
 * Alert rules on top of hmm-pools core: {@link dev.danvic.hmm.pools.alerts.AlertRule} (what to
 * watch), {@link dev.danvic.hmm.pools.alerts.AlertEngine} (evaluates every rule on the dashboard
 * service's tile and health refreshes, one small state machine per rule and pool, its state kept in
 * an application's {@link dev.danvic.hmm.pools.alerts.AlertStateStore}), and delivery through
 * {@link dev.danvic.hmm.pools.alerts.AlertChannel}s that an
 * {@link dev.danvic.hmm.pools.alerts.AlertDispatcher} retries with backoff: a signed webhook,
 * ntfy, Discord and Telegram.
 */
@NullMarked
package dev.danvic.hmm.pools.alerts;

import org.jspecify.annotations.NullMarked;
