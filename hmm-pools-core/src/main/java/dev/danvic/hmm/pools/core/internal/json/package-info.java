/**
 * Not API: the Jackson serializers and deserializers behind
 * {@link dev.danvic.hmm.pools.core.HmmPoolsJson}. They write every key on every call, whatever the
 * {@code ObjectMapper}'s inclusion or naming settings, so the JSON keeps the seed's shape in any
 * mapper the module is registered with.
 */
@NullMarked
package dev.danvic.hmm.pools.core.internal.json;

import org.jspecify.annotations.NullMarked;
