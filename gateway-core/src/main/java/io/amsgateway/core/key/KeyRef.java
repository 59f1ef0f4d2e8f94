package io.amsgateway.core.key;

import java.util.Objects;

/**
 * Names one key: "the key of client {@code clientId}, version {@code keyVersion}". This is what
 * the {@code keyVersion} of a {@code Signature} header refers to.
 *
 * @param clientId the Alipay client id, e.g. {@code SANDBOX_5X00000000000000}
 * @param keyVersion the key version, non-negative
 */
public record KeyRef(String clientId, int keyVersion) {
    public KeyRef {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId is empty");
        }
        if (keyVersion < 0) {
            throw new IllegalArgumentException("keyVersion must not be negative");
        }
    }

    @Override
    public String toString() {
        return clientId + "#v" + keyVersion;
    }
}
