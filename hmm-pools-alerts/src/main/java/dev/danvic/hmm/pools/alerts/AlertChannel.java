package dev.danvic.hmm.pools.alerts;

import java.util.concurrent.CompletableFuture;

/**
 * Somewhere an {@link AlertEvent} can be sent: the SDK's interface for delivery. The module ships
 * {@link WebhookChannel}, {@link NtfyChannel}, {@link DiscordChannel} and {@link TelegramChannel};
 * an application may plug its own. An {@link AlertDispatcher} retries a failed send.
 *
 * <p>An implementation never puts its secrets (tokens, secret URLs) in {@code toString()}, a log
 * line or an exception message.
 */
public interface AlertChannel {

  /** @return the channel's id, which rules name in {@link AlertRule#channels()} */
  String id();

  /** @return the kind of channel for a person, e.g. {@code ntfy} */
  String type();

  /**
   * Sends one event, once, without blocking the caller.
   *
   * @param event the event
   * @return completes when the receiver accepted it; fails with {@link DeliveryException} saying
   *     whether another attempt may succeed
   */
  CompletableFuture<Void> send(AlertEvent event);
}
