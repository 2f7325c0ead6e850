package dev.danvic.hmm.pools.core;

/** Listed in this module's test {@code META-INF/services}, so {@link PoolRegistry#discover()} finds it. */
public final class DiscoverablePlugin extends FakePlugin {
  /** ServiceLoader needs a public no-argument constructor. */
  public DiscoverablePlugin() {
    super("discoverable");
  }
}
