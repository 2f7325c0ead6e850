package dev.danvic.hmm.pools;

/**
 * What a plugin can tell about an endpoint without any network traffic
 * ({@link BasePoolIntegration#detectOffline(PoolEndpoint)}).
 */
public enum OfflineVerdict {
  /** The endpoint is certainly this plugin's pool (a known host and port). */
  MATCH,
  /** The endpoint is certainly not this plugin's pool; no probe is sent. */
  NO_MATCH,
  /** The rules cannot say; the registry may probe the network ({@link BasePoolIntegration#detect}). */
  UNKNOWN
}
