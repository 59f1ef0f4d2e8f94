package io.amsgateway.core.key;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.KeyFormatException;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import java.security.PrivateKey;

/**
 * Turns key text from a source (PEM or Alipay's single-line base64) into a ready {@link
 * MerchantKey} or {@link JcaVerifier}. A key that does not parse or fit fails with {@link
 * KeyUnusableException} ({@code KEY_UNAVAILABLE}) and a message that says where the key came from and what is wrong with its
 * format, never the key. Stateless.
 */
public final class KeyMaterial {
    private KeyMaterial() {}

    /**
     * A merchant key of version {@code ref}, validated and test-signed.
     *
     * @param where names the origin for messages, e.g. {@code "file /keys/merchant-private-key-v1.pem"}
     */
    public static MerchantKey merchantKey(
            KeyRef ref, String text, SignatureAlgorithm algorithm, CryptoProvider provider, String where) {
        try {
            PrivateKey key = PemKeys.privateKey(text);
            return new MerchantKey(
                    ref, JcaSigner.create(ref.clientId(), ref.keyVersion(), algorithm, key, provider), key);
        } catch (KeyFormatException e) {
            throw unusable("merchant private key " + ref, where, e);
        }
    }

    /** One of Alipay's public keys, version {@code version}. */
    public static JcaVerifier alipayKey(
            int version, String text, SignatureAlgorithm algorithm, CryptoProvider provider, String where) {
        return verifier("Alipay public key version " + version, version, text, algorithm, provider, where);
    }

    /**
     * A verifier of key version {@code version} from public key text.
     *
     * @param what names the key for messages, e.g. {@code "Alipay public key version 2"}
     */
    public static JcaVerifier verifier(
            String what,
            int version,
            String text,
            SignatureAlgorithm algorithm,
            CryptoProvider provider,
            String where) {
        try {
            return JcaVerifier.create(version, algorithm, PemKeys.publicKey(text), provider);
        } catch (KeyFormatException e) {
            throw unusable(what, where, e);
        }
    }

    /**
     * The API key of {@code clientId} from {@code text}, checked against the client id.
     *
     * @param where names the origin for messages, e.g. {@code "file /keys/api-key-v1"}
     */
    public static io.amsgateway.core.protocol.ApiKey apiKey(String clientId, String text, String where) {
        try {
            return io.amsgateway.core.protocol.ApiKey.parse(text, clientId);
        } catch (IllegalArgumentException e) {
            throw new KeyUnusableException(
                    "API key of " + clientId + " from " + where + " is unusable: " + e.getMessage());
        }
    }

    private static KeyUnusableException unusable(String what, String where, KeyFormatException e) {
        return new KeyUnusableException(what + " from " + where + " is unusable: " + e.getMessage());
    }
}
