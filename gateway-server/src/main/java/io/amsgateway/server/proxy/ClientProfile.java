package io.amsgateway.server.proxy;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.KeyFormatException;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.Signer;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.key.KeyRef;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.upstream.AlipayUpstream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile ready to serve: its signer, Alipay's verifiers, the keys RSA_AES needs, and its
 * upstream. Built once at start-up; a key that does not parse or fit stops the start with a
 * message naming the profile (never the key).
 *
 * @param cfg the profile's configuration
 * @param signer signs with the primary key version
 * @param alipayKeys Alipay's enabled public keys
 * @param alipayEncryptionKey Alipay's latest public key, which RSA_AES encrypts requests for
 * @param merchantPrivateKey decrypts RSA_AES responses (held only when encryption is enabled)
 * @param upstream the connection pools to Alipay
 */
public record ClientProfile(
        ProfileConfig cfg,
        Signer signer,
        VerifierSet alipayKeys,
        PublicKey alipayEncryptionKey,
        PrivateKey merchantPrivateKey,
        AlipayUpstream upstream) {

    /** Loads the keys of {@code cfg} and builds the profile. */
    public static ClientProfile create(ProfileConfig cfg, CryptoProvider provider, AlipayUpstream upstream) {
        String where = "profile " + cfg.name() + ": ";
        PrivateKey merchant;
        try {
            merchant = PemKeys.privateKey(cfg.merchantPrivateKey().read());
        } catch (KeyFormatException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(
                    where + "merchant private key (" + cfg.merchantPrivateKey() + "): " + e.getMessage());
        }
        Signer signer;
        try {
            signer =
                    JcaSigner.create(new KeyRef(cfg.clientId(), cfg.keyVersion()), cfg.algorithm(), merchant, provider);
        } catch (KeyFormatException e) {
            throw new IllegalArgumentException(where + "merchant private key: " + e.getMessage());
        }
        List<JcaVerifier> verifiers = new ArrayList<>();
        for (ProfileConfig.AlipayKey k : cfg.alipayPublicKeys()) {
            try {
                verifiers.add(JcaVerifier.create(
                        k.version(), cfg.algorithm(), PemKeys.publicKey(k.key().read()), provider));
            } catch (KeyFormatException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException(
                        where + "Alipay public key version " + k.version() + " (" + k.key() + "): " + e.getMessage());
            }
        }
        VerifierSet keys = VerifierSet.of(verifiers);
        PublicKey latest = ((JcaVerifier) keys.select(null)).publicKey();
        return new ClientProfile(cfg, signer, keys, latest, merchant, upstream);
    }

    /** The profile's name. */
    public String name() {
        return cfg.name();
    }

    @Override
    public String toString() {
        return "ClientProfile[" + cfg.name() + ", " + cfg.clientId() + "]";
    }
}
