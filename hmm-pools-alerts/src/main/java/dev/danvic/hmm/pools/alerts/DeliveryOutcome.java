package dev.danvic.hmm.pools.alerts;

import org.jspecify.annotations.Nullable;

/**
 * How the delivery of one event to one channel ended.
 *
 * @param channelId the channel's id
 * @param event the event
 * @param attempts how many attempts were made
 * @param delivered whether the receiver accepted it
 * @param error why it was not, without secrets; {@code null} when delivered
 */
public record DeliveryOutcome(
    String channelId, AlertEvent event, int attempts, boolean delivered, @Nullable String error) {}
