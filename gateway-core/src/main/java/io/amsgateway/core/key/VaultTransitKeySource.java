package io.amsgateway.core.key;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.vault.TransitKey;
import io.amsgateway.core.vault.VaultClient;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Merchant keys that never leave Vault: Transit key {@code keyNameTemplate} (with {@code
 * {client-id}} replaced) under {@code mount}, one Transit key version per merchant key version.
 * {@link #merchantKey} reads the version's public key, makes one test signature with it (one
 * {@code transit/sign} per load) and returns a {@link TransitSigner} (with no private key, so
 * RSA_AES answers cannot be decrypted with it); {@link #latestVersion} is the
 * Transit key's {@code latest_version}. Only RSA256 is supported.
 *
 * <p>Alipay's public keys are not in Transit: {@link #alipayKeys} asks {@code alipayKeys}, the
 * source given at construction (for example a {@link FileKeySource} of key files), whose change
 * signals and {@link #close()} it passes on.
 *
 * <p>Thread-safe; completes on the Vault client's threads. Closing the source does not close the
 * client.
 */
public final class VaultTransitKeySource implements KeySource {
    private final VaultClient client;
    private final String mount;
    private final ClientIdTemplate keyName;
    private final CryptoProvider provider;
    private final KeySource alipayKeys;

    /**
     * @throws IllegalArgumentException if {@code algorithm} is not RSA256
     */
    public VaultTransitKeySource(
            VaultClient client,
            String mount,
            String keyNameTemplate,
            SignatureAlgorithm algorithm,
            CryptoProvider provider,
            KeySource alipayKeys) {
        if (algorithm != SignatureAlgorithm.RSA256) {
            throw new IllegalArgumentException(
                    "vault-transit signs RSA256 only (Transit has no ECDSA on secp224r1), not " + algorithm);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.keyName = new ClientIdTemplate(keyNameTemplate);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.alipayKeys = Objects.requireNonNull(alipayKeys, "alipayKeys");
    }

    @Override
    public String name() {
        return "vault-transit";
    }

    /** What the test signature of a freshly loaded version signs. */
    private static final byte[] PROBE =
            "POST /ams/api/v1/self-test\nself-test.0.{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The signer of Transit version {@code ref}, once it has made one test signature that verifies
     * with the version's public key: a version that cannot sign is {@link KeyUnusableException}, so
     * a profile on "latest" keeps signing with the version before.
     */
    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        return keyName.applyAsync(ref.clientId())
                .thenCompose(name -> KeyNotFoundException.fromVault(client.transitKey(mount, name))
                        .thenApply(key -> signerOf(ref, name, key))
                        .thenCompose(key -> probe(key, name)));
    }

    private CompletionStage<MerchantKey> probe(MerchantKey key, String name) {
        return key.signer().sign(PROBE).handle((signature, e) -> {
            if (e == null) {
                return key;
            }
            Throwable t = io.amsgateway.core.concurrent.Futures.unwrap(e);
            if (t instanceof io.amsgateway.core.error.GatewayException g
                    && g.code() == io.amsgateway.core.error.ErrorCode.SIGNING_FAILED) {
                throw new KeyUnusableException("vault-transit " + mount + "/keys/" + name + " version "
                        + key.ref().keyVersion() + " failed its test signature: " + g.getMessage());
            }
            throw new java.util.concurrent.CompletionException(t);
        });
    }

    private MerchantKey signerOf(KeyRef ref, String name, TransitKey key) {
        String pem = key.publicKeyPem().get(ref.keyVersion());
        if (pem == null) {
            throw new KeyNotFoundException("vault-transit " + mount + "/" + name + " has no version " + ref.keyVersion()
                    + " (versions " + key.publicKeyPem().keySet() + ")");
        }
        JcaVerifier verifier = KeyMaterial.verifier(
                "merchant public key " + ref,
                ref.keyVersion(),
                pem,
                SignatureAlgorithm.RSA256,
                provider,
                "vault-transit " + mount + "/keys/" + name);
        return new MerchantKey(ref, new TransitSigner(client, mount, name, ref, verifier), null);
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return alipayKeys.alipayKeys(clientId);
    }

    @Override
    public void onChange(Runnable listener) {
        alipayKeys.onChange(listener);
    }

    @Override
    public void close() {
        alipayKeys.close();
    }

    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        return keyName.applyAsync(clientId)
                .thenCompose(name -> KeyNotFoundException.fromVault(client.transitKey(mount, name)))
                .thenApply(TransitKey::latestVersion);
    }

    @Override
    public String toString() {
        return "VaultTransitKeySource[" + mount + "/" + keyName + "]";
    }
}
