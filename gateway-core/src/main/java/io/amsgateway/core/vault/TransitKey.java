package io.amsgateway.core.vault;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Vault Transit publishes about an asymmetric key (the private key never leaves Vault).
 *
 * @param latestVersion the newest key version ({@code latest_version})
 * @param publicKeyPem key version to its public key in PEM, for every version Vault lists
 */
public record TransitKey(int latestVersion, Map<Integer, String> publicKeyPem) {
    public TransitKey {
        publicKeyPem = java.util.Collections.unmodifiableMap(new TreeMap<>(publicKeyPem));
    }
}
