package dev.danvic.hmm.pools.core;

/** PLACEHOLDER: the four platform tiles across all pools (filled in by the aggregation work). */
public record PlatformTiles() {}
