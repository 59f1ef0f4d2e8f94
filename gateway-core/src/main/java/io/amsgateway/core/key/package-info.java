/**
 * Naming keys ({@link io.amsgateway.core.key.KeyRef}). Key sources (file, Vault KV, Vault
 * Transit) and their cache build on this package.
 */
@NullMarked
package io.amsgateway.core.key;

import org.jspecify.annotations.NullMarked;
