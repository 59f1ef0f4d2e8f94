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
 * @param signer signs with this version
 * @param privateKey the private key, or null where it stays in the source
 */
public record MerchantKey(Signer signer, @Nullable PrivateKey privateKey) {
    public MerchantKey {
        Objects.requireNonNull(signer, "signer");
    }

    /** Which client and version this is. */
    public KeyRef ref() {
        return signer.keyRef();
    }

    @Override
    public String toString() {
        return "MerchantKey[" + signer.keyRef() + (privateKey == null ? ", remote" : ", local") + "]";
    }
}
