/**
 * A small asynchronous client for HashiCorp Vault's HTTP API over {@link java.net.http.HttpClient}:
 * KV version 2 reads, Transit public keys and signatures, and a token kept alive by logging in
 * (token, Kubernetes or AppRole auth) and renewing. Every operation returns a {@link
 * java.util.concurrent.CompletableFuture} and never blocks the calling thread, because callers
 * are Netty event loops. Failures are {@link io.amsgateway.core.vault.VaultException}s whose
 * messages name the operation and path, never a token, secret id, JWT or key.
 */
@NullMarked
package io.amsgateway.core.vault;

import org.jspecify.annotations.NullMarked;
