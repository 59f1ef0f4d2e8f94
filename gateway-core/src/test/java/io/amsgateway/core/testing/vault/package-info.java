/**
 * {@link io.amsgateway.core.testing.vault.FakeVault}: an in-process fake of HashiCorp Vault's HTTP
 * API (KV v2, Transit signing with RSA, Kubernetes and AppRole login, token renew and lookup) with
 * fault switches and request counters, for tests and benchmarks that cannot run a real Vault. Only
 * the JDK's HTTP server, Jackson and JCA are used; it binds {@code 127.0.0.1} on an ephemeral port.
 */
@NullMarked
package io.amsgateway.core.testing.vault;

import org.jspecify.annotations.NullMarked;
