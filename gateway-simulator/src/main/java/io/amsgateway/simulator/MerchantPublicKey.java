package io.amsgateway.simulator;

import io.amsgateway.core.crypto.PemKeys;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A merchant's public key, as uploaded to Antom Dashboard: the simulator verifies the merchant's
 * requests with it and encrypts RSA_AES responses for it.
 *
 * @param clientId the merchant's client id
 * @param keyVersion the {@code keyVersion} its requests name
 * @param publicKey the key (RSA for RSA256, EC secp224r1 for ECC224)
 */
public record MerchantPublicKey(String clientId, int keyVersion, PublicKey publicKey) {
    public MerchantPublicKey {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(publicKey, "publicKey");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId is empty");
        }
        if (keyVersion < 0) {
            throw new IllegalArgumentException("keyVersion must not be negative");
        }
    }

    /**
     * A key from text in any form gateway-core parses: PEM (SPKI, PKCS#1, certificate) or
     * Alipay's single-line base64 of SPKI DER.
     */
    public static MerchantPublicKey parse(String clientId, int keyVersion, String publicKeyText) {
        return new MerchantPublicKey(clientId, keyVersion, PemKeys.publicKey(publicKeyText));
    }

    @Override
    public String toString() {
        return "MerchantPublicKey[" + clientId + "#v" + keyVersion + ", " + publicKey.getAlgorithm() + "]";
    }
}
