package io.amsgateway.server.config;

import io.amsgateway.core.key.KeyText;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where a profile's keys come from ({@code key-source} in a profile). {@link #toString()} never
 * shows key material.
 */
public sealed interface KeySourceConfig {
    /** {@code file}, {@code vault-kv}, {@code vault-transit} or {@code pkcs11}. */
    String type();

    /**
     * Key files (or inline keys) named one by one in the profile; {@code apiKey} is the {@code
     * api-key-file} of an {@code auth = api-key} profile (a file, never inline), or null.
     */
    record Files(Map<Integer, KeyText> merchantKeys, Map<Integer, KeyText> alipayKeys, @Nullable KeyText apiKey)
            implements KeySourceConfig {
        public Files {
            merchantKeys = Map.copyOf(merchantKeys);
            alipayKeys = Map.copyOf(alipayKeys);
        }

        public Files(Map<Integer, KeyText> merchantKeys, Map<Integer, KeyText> alipayKeys) {
            this(merchantKeys, alipayKeys, null);
        }

        @Override
        public String type() {
            return "file";
        }

        @Override
        public String toString() {
            return "file (merchant-private-key " + describe(merchantKeys) + ", alipay-public-keys "
                    + describe(alipayKeys) + (apiKey == null ? "" : ", api-key-file " + apiKey) + ")";
        }
    }

    /** A directory of {@code merchant-private-key-v<N>} and {@code alipay-public-key-v<N>} files. */
    record Directory(Path dir) implements KeySourceConfig {
        @Override
        public String type() {
            return "file";
        }

        @Override
        public String toString() {
            return "file (dir " + dir + ")";
        }
    }

    /**
     * Vault KV version 2: version N of the secret at {@code path} holds merchant key version N.
     *
     * @param mount the KV v2 mount, e.g. {@code secret}
     * @param path the secret's path below the mount; {@code {client-id}} is replaced
     * @param merchantKeyField the field holding the merchant private key
     * @param alipayKeyFieldPrefix fields {@code <prefix><N>} of the current version hold Alipay key N
     * @param apiKeyField the field of the current version holding the API key ({@code auth = api-key})
     */
    record VaultKv(String mount, String path, String merchantKeyField, String alipayKeyFieldPrefix, String apiKeyField)
            implements KeySourceConfig {
        public VaultKv(String mount, String path, String merchantKeyField, String alipayKeyFieldPrefix) {
            this(mount, path, merchantKeyField, alipayKeyFieldPrefix, "api_key");
        }

        @Override
        public String type() {
            return "vault-kv";
        }

        @Override
        public String toString() {
            return "vault-kv (" + mount + "/data/" + path + ", fields " + merchantKeyField + ", " + alipayKeyFieldPrefix
                    + "<N>)";
        }
    }

    /**
     * Vault Transit: merchant keys are signed with inside Vault; Alipay's public keys come from
     * {@code alipayKeys} ({@link Files} or {@link Directory}).
     *
     * @param mount the Transit mount, e.g. {@code transit}
     * @param key the Transit key's name; {@code {client-id}} is replaced
     */
    record VaultTransit(String mount, String key, KeySourceConfig alipayKeys) implements KeySourceConfig {
        @Override
        public String type() {
            return "vault-transit";
        }

        @Override
        public boolean remoteSigner() {
            return true;
        }

        @Override
        public String toString() {
            return "vault-transit (" + mount + "/keys/" + key + ", Alipay keys from " + alipayKeys + ")";
        }
    }

    /**
     * A PKCS#11 token (an HSM): merchant keys are signed with inside the token; Alipay's public
     * keys come from {@code alipayKeys} ({@link Files} or {@link Directory}).
     *
     * @param settings the library, slot, PIN source, key labels and signing pool
     */
    record Pkcs11(io.amsgateway.core.key.Pkcs11Settings settings, KeySourceConfig alipayKeys)
            implements KeySourceConfig {
        @Override
        public String type() {
            return "pkcs11";
        }

        /** Whether a circuit breaker guards this source: remote signers only. */
        @Override
        public boolean remoteSigner() {
            return true;
        }

        @Override
        public String toString() {
            return settings + ", Alipay keys from " + alipayKeys;
        }
    }

    /**
     * Whether the merchant key signs outside this process (Vault Transit, a PKCS#11 token), so a
     * circuit breaker guards it.
     */
    default boolean remoteSigner() {
        return false;
    }

    private static String describe(Map<Integer, KeyText> keys) {
        return keys.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "v" + e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; ", "[", "]"));
    }
}
