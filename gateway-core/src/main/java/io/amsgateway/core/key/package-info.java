/**
 * Naming keys ({@link io.amsgateway.core.key.KeyRef}). Key sources (file, Vault KV, Vault
 * Transit, PKCS#11 tokens), their cache and the circuit breaker in front of remote signers build on
 * this package.
 */
@NullMarked
package io.amsgateway.core.key;

import org.jspecify.annotations.NullMarked;
