package io.amsgateway.core.testing.vault;

/**
 * One request {@link FakeVault} received, as its request log keeps it. Holds no token, credential
 * or body: only what a test needs to assert how the client used Vault.
 *
 * @param method the HTTP method
 * @param path the path below {@code /v1/}, without the query string
 * @param query the raw query string, empty when there was none
 * @param operation what the request asked for
 * @param status the HTTP status the fake answered
 */
public record VaultRequestRecord(String method, String path, String query, VaultOperation operation, int status) {}
