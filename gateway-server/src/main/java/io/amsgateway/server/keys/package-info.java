/**
 * Builds each profile's key source from its configuration ({@code file}, {@code vault-kv}, {@code
 * vault-transit}) and puts the cache in front of it.
 */
@NullMarked
package io.amsgateway.server.keys;

import org.jspecify.annotations.NullMarked;
