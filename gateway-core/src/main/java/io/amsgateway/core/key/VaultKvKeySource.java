package io.amsgateway.core.key;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.Verifier;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.ApiKey;
import io.amsgateway.core.vault.KvSecret;
import io.amsgateway.core.vault.VaultClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keys held in one Vault KV version 2 secret per client, at {@code <mount>/<pathTemplate>} with
 * {@code {client-id}} replaced, e.g. {@code secret/ams/SANDBOX_5X00000000000000}.
 *
 * <p><b>Versions.</b> The secret's KV version <em>is</em> the merchant key version Alipay knows:
 * {@link #merchantKey} for {@code KeyRef(c, N)} reads KV version N, and rotating the merchant key
 * means writing a new version of the secret (with the new private key and the Alipay keys carried
 * over). {@link #latestVersion} is the secret's {@code current_version}. Key version 0 does not
 * exist in KV (Vault reads 0 as "latest") and is reported as not found.
 *
 * <p><b>Fields.</b> {@code privateKeyField} (default {@value #DEFAULT_PRIVATE_KEY_FIELD}) holds the
 * merchant private key; each field {@code <alipayKeyPrefix><N>} (default prefix {@value
 * #DEFAULT_ALIPAY_KEY_PREFIX}) of the current version holds Alipay's public key version N, and the
 * set of such fields is the set of enabled Alipay key versions. Keys are PEM or Alipay's
 * single-line base64. A missing field or a key that does not parse fails with {@code
 * KEY_UNAVAILABLE} naming the field, never its value.
 *
 * <p>Thread-safe; completes on the Vault client's threads. Closing the source does not close the
 * client, which its creator owns.
 */
public final class VaultKvKeySource implements KeySource {
    /** The default field of the merchant private key. */
    public static final String DEFAULT_PRIVATE_KEY_FIELD = "merchant_private_key";
    /** The default field of the API key of an {@code auth = api-key} profile. */
    public static final String DEFAULT_API_KEY_FIELD = "api_key";
    /** The default field-name prefix of Alipay's public keys. */
    public static final String DEFAULT_ALIPAY_KEY_PREFIX = "alipay_public_key_v";

    private final VaultClient client;
    private final String mount;
    private final ClientIdTemplate path;
    private final String privateKeyField;
    private final String alipayKeyPrefix;
    private final String apiKeyField;
    private final SignatureAlgorithm algorithm;
    private final CryptoProvider provider;

    /**
     * @param pathTemplate the secret's path under the mount, with {@code {client-id}}
     */
    public VaultKvKeySource(
            VaultClient client,
            String mount,
            String pathTemplate,
            String privateKeyField,
            String alipayKeyPrefix,
            SignatureAlgorithm algorithm,
            CryptoProvider provider) {
        this(client, mount, pathTemplate, privateKeyField, alipayKeyPrefix, DEFAULT_API_KEY_FIELD, algorithm, provider);
    }

    /**
     * @param pathTemplate the secret's path under the mount, with {@code {client-id}}
     * @param apiKeyField the field of the current version holding the API key
     */
    public VaultKvKeySource(
            VaultClient client,
            String mount,
            String pathTemplate,
            String privateKeyField,
            String alipayKeyPrefix,
            String apiKeyField,
            SignatureAlgorithm algorithm,
            CryptoProvider provider) {
        this.apiKeyField = requireNonBlank(apiKeyField, "apiKeyField");
        this.client = Objects.requireNonNull(client, "client");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.path = new ClientIdTemplate(pathTemplate);
        this.privateKeyField = requireNonBlank(privateKeyField, "privateKeyField");
        this.alipayKeyPrefix = requireNonBlank(alipayKeyPrefix, "alipayKeyPrefix");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** A source with the default field names. */
    public VaultKvKeySource(
            VaultClient client,
            String mount,
            String pathTemplate,
            SignatureAlgorithm algorithm,
            CryptoProvider provider) {
        this(client, mount, pathTemplate, DEFAULT_PRIVATE_KEY_FIELD, DEFAULT_ALIPAY_KEY_PREFIX, algorithm, provider);
    }

    @Override
    public String name() {
        return "vault-kv";
    }

    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        if (ref.keyVersion() < 1) {
            return CompletableFuture.failedFuture(
                    new KeyNotFoundException("vault-kv: no key version " + ref + " (KV versions start at 1)"));
        }
        return path.applyAsync(ref.clientId()).thenCompose(secretPath -> KeyNotFoundException.fromVault(
                        client.kvRead(mount, secretPath, ref.keyVersion()))
                .thenApply(secret -> signerOf(ref, secretPath, secret)));
    }

    private MerchantKey signerOf(KeyRef ref, String secretPath, KvSecret secret) {
        if (secret.version() != ref.keyVersion()) {
            throw unavailable(secretPath, secret, "Vault answered version " + secret.version());
        }
        String text = field(secretPath, secret, privateKeyField);
        return KeyMaterial.merchantKey(ref, text, algorithm, provider, where(secretPath, secret, privateKeyField));
    }

    private String where(String secretPath, KvSecret secret, String field) {
        return "vault-kv " + mount + "/" + secretPath + " v" + secret.version() + " field '" + field + "'";
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return path.applyAsync(clientId)
                .thenCompose(secretPath -> KeyNotFoundException.fromVault(client.kvRead(mount, secretPath, null))
                        .thenApply(secret -> verifiersOf(secretPath, secret)));
    }

    private VerifierSet verifiersOf(String secretPath, KvSecret secret) {
        List<Verifier> verifiers = new ArrayList<>();
        for (Map.Entry<String, String> e : secret.data().entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(alipayKeyPrefix)) {
                continue;
            }
            int version = parseVersion(secretPath, secret, name);
            verifiers.add(
                    KeyMaterial.alipayKey(version, e.getValue(), algorithm, provider, where(secretPath, secret, name)));
        }
        if (verifiers.isEmpty()) {
            throw unavailable(secretPath, secret, "no field '" + alipayKeyPrefix + "<N>' (Alipay public keys)");
        }
        return VerifierSet.of(verifiers);
    }

    /** The API key in field {@code apiKeyField} of the secret's current version. */
    @Override
    public CompletionStage<ApiKey> apiKey(String clientId) {
        return path.applyAsync(clientId).thenCompose(secretPath -> KeyNotFoundException.fromVault(
                        client.kvRead(mount, secretPath, null))
                .thenApply(secret -> KeyMaterial.apiKey(
                        clientId, field(secretPath, secret, apiKeyField), where(secretPath, secret, apiKeyField))));
    }

    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        return path.applyAsync(clientId)
                .thenCompose(secretPath -> KeyNotFoundException.fromVault(client.kvMetadata(mount, secretPath)))
                .thenApply(m -> m.currentVersion());
    }

    private int parseVersion(String secretPath, KvSecret secret, String name) {
        String suffix = name.substring(alipayKeyPrefix.length());
        if (!suffix.matches("[0-9]{1,9}")) {
            throw unavailable(secretPath, secret, "field '" + name + "' does not end in a key version number");
        }
        return Integer.parseInt(suffix);
    }

    private String field(String secretPath, KvSecret secret, String name) {
        String value = secret.data().get(name);
        if (value == null || value.isBlank()) {
            throw unavailable(secretPath, secret, "no field '" + name + "'");
        }
        return value;
    }

    private GatewayException unavailable(String secretPath, KvSecret secret, String what) {
        return new GatewayException(
                ErrorCode.KEY_UNAVAILABLE,
                "vault-kv " + mount + "/" + secretPath + " v" + secret.version() + ": " + what);
    }

    private static String requireNonBlank(String s, String name) {
        Objects.requireNonNull(s, name);
        if (s.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return s;
    }

    @Override
    public String toString() {
        return "VaultKvKeySource[" + mount + "/" + path + "]";
    }
}
