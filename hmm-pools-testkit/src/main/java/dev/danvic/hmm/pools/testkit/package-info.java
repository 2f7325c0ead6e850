/**
 * Test support for hmm-pools plugins, ours and third parties': an in-memory
 * {@link dev.danvic.hmm.pools.testkit.ScriptedPoolContext} for fast unit tests of a plugin's
 * parsing, and an abstract contract test every plugin's test class extends.
 */
@NullMarked
package dev.danvic.hmm.pools.testkit;

import org.jspecify.annotations.NullMarked;
