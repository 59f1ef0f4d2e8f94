package io.amsgateway.core.key;

import io.amsgateway.core.crypto.Signer;
import java.security.PrivateKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One version of a merchant's key as a source hands it out: a {@link Signer}, and the private key
 * itself where the source holds it in memory (needed only to decrypt RSA_AES answers). A Vault
 * Transit key never leaves Vault, so its {@code privateKey} is null. {@link #toString()} never
 * shows key material.
 *
 * @param ref which client and version this is
 * @param signer signs with this version
 * @param privateKey the private key, or null where it stays in the source
 */
public record MerchantKey(KeyRef ref, Signer signer, @Nullable PrivateKey privateKey) {
    public MerchantKey {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(signer, "signer");
        if (signer.keyVersion() != ref.keyVersion()) {
            throw new IllegalArgumentException("the signer's key version differs from " + ref);
        }
    }

    @Override
    public String toString() {
        return "MerchantKey[" + ref + (privateKey == null ? ", remote" : ", local") + "]";
    }
}
