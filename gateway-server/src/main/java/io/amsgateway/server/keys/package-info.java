/**
 * Builds each profile's key source from its configuration ({@code file}, {@code vault-kv}, {@code
 * vault-transit}, {@code pkcs11}), puts a circuit breaker in front of remote signers and the cache
 * in front of it.
 */
@NullMarked
package io.amsgateway.server.keys;

import org.jspecify.annotations.NullMarked;
