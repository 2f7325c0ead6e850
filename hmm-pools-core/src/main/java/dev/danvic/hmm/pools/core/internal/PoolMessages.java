package dev.danvic.hmm.pools.core.internal;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolHealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * The one place where a pool's error messages are named after it: an error tile's {@code
 * health_message} and an unhealthy status's {@code error_message} start with the plugin's display
 * name ("Braiins Pool: Braiins rejected the API token" is left as it is; "HTTP 503 from …" becomes
 * "Solopool.org: HTTP 503 from …"), whichever plugin wrote them and whether the plugin, the
 * transport or core's deadline failed. A dashboard with many pools then says which one is meant.
 * Healthy tiles' messages (worker counts, notes) are left alone. Not API.
 */
public final class PoolMessages {
  private PoolMessages() {}

  /**
   * @param displayName the plugin's display name; blank leaves the message as it is
   * @param message a message, or {@code null}
   * @return the message starting with {@code displayName} (followed by {@code ": "} when it had to
   *     be added), or {@code null}
   */
  public static @Nullable String named(@Nullable String displayName, @Nullable String message) {
    if (message == null || displayName == null || displayName.isBlank() || message.startsWith(displayName)) {
      return message;
    }
    return displayName + ": " + message;
  }

  /**
   * The reverse of {@link #named(String, String)}, for a text that names the pool before the
   * message itself.
   *
   * @param displayName the plugin's display name
   * @param message a message, or {@code null}
   * @return the message without the {@code displayName + ": "} it starts with, if it does and more
   *     follows; {@code "unhealthy"} for a missing or blank message
   */
  public static String withoutName(String displayName, @Nullable String message) {
    if (message == null || message.isBlank()) {
      return "unhealthy";
    }
    String prefix = displayName + ": ";
    return message.startsWith(prefix) && message.length() > prefix.length() ? message.substring(prefix.length()) : message;
  }

  /**
   * @param displayName the plugin's display name
   * @param tiles a plugin's tiles
   * @return the tiles, an error tile set's message named after the pool
   */
  public static DashboardTileData named(@Nullable String displayName, DashboardTileData tiles) {
    if (tiles.healthStatus()) {
      return tiles;
    }
    String message = named(displayName, tiles.healthMessage());
    return message == null || message.equals(tiles.healthMessage())
        ? tiles
        : tiles.toBuilder().healthMessage(message).build();
  }

  /**
   * @param displayName the plugin's display name
   * @param status a plugin's health status
   * @return the status, an unhealthy one's message named after the pool
   */
  public static PoolHealthStatus named(@Nullable String displayName, PoolHealthStatus status) {
    if (status.healthy()) {
      return status;
    }
    String message = named(displayName, status.errorMessage());
    return message == null || message.equals(status.errorMessage())
        ? status
        : new PoolHealthStatus(status.healthy(), status.latencyMs(), message, status.activeWorkers(), status.checkedAt());
  }
}
