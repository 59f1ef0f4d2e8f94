package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.key.KeyText;
import io.amsgateway.core.key.Pkcs11Settings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Reads a profile's {@code key-version} and {@code key-source} for {@link ConfigLoader}. */
final class KeySourceLoader {
    static final Set<String> TYPES = Set.of("file", "vault-kv", "vault-transit", "pkcs11");

    private KeySourceLoader() {}

    /** {@code key-version}: a number from 1, or {@code latest} (empty). */
    static OptionalInt keyVersion(Config p, String base) {
        String path = base + ".key-version";
        if (p.getValue("key-version").valueType() == ConfigValueType.STRING
                && "latest".equalsIgnoreCase(p.getString("key-version").trim())) {
            return OptionalInt.empty();
        }
        int v;
        try {
            v = p.getInt("key-version");
        } catch (ConfigException.WrongType e) {
            throw new ConfigException.BadValue(
                    p.getValue("key-version").origin(), path, "must be a key version number or latest");
        }
        if (v < 1) {
            throw new ConfigException.BadValue(
                    p.getValue("key-version").origin(),
                    path,
                    "must be 1 or more (key versions start at 1; Vault reads version 0 as its newest), or latest");
        }
        return OptionalInt.of(v);
    }

    static KeySourceConfig keySource(
            Config p, String base, OptionalInt keyVersion, SignatureAlgorithm algorithm, boolean encryption) {
        return keySource(p, base, keyVersion, algorithm, encryption, AuthMode.RSA_SIGNATURE, true);
    }

    /**
     * The key source of a profile that authenticates with {@code auth}; with {@link
     * AuthMode#API_KEY} the API key comes from {@code api-key-file}, {@code api-key-v<N>} files in
     * {@code key-source.dir} or a Vault KV field, and Alipay's public keys are required only when
     * {@code alipayKeysNeeded} (notifications).
     */
    static KeySourceConfig keySource(
            Config p,
            String base,
            OptionalInt keyVersion,
            SignatureAlgorithm algorithm,
            boolean encryption,
            AuthMode auth,
            boolean alipayKeysNeeded) {
        if (auth == AuthMode.API_KEY) {
            return apiKeySource(p, base, alipayKeysNeeded);
        }
        if (!p.getString("api-key-file").isEmpty()) {
            throw new ConfigException.BadValue(
                    p.getValue("api-key-file").origin(),
                    base + ".api-key-file",
                    "is read only with auth = api-key; remove it or set " + base + ".auth = api-key");
        }
        Config ks = p.getConfig("key-source");
        String at = base + ".key-source";
        String type = ks.getString("type").trim().toLowerCase(java.util.Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ConfigException.BadValue(
                    ks.getValue("type").origin(), at + ".type", "must be file, vault-kv, vault-transit or pkcs11");
        }
        boolean namedMerchant = p.hasPath("merchant-private-key") || p.hasPath("merchant-private-key-file");
        boolean namedAlipay = !p.getList("alipay-public-keys").isEmpty();
        String dir = ks.getString("dir");
        switch (type) {
            case "vault-kv" -> {
                if (namedMerchant || namedAlipay || !dir.isEmpty()) {
                    throw new ConfigException.BadValue(
                            ks.origin(),
                            at + ".type",
                            "vault-kv reads both the merchant key and Alipay's keys from the secret: remove"
                                    + " merchant-private-key(-file), alipay-public-keys and key-source.dir");
                }
                return new KeySourceConfig.VaultKv(
                        vaultName(ks, at, "mount"),
                        vaultName(ks, at, "path"),
                        field(ks, at, "merchant-key-field"),
                        field(ks, at, "alipay-key-field-prefix"));
            }
            case "vault-transit" -> {
                if (namedMerchant) {
                    throw new ConfigException.BadValue(
                            ks.origin(),
                            at + ".type",
                            "with vault-transit the merchant key stays in Vault: remove merchant-private-key(-file)");
                }
                if (algorithm != SignatureAlgorithm.RSA256) {
                    throw new ConfigException.BadValue(
                            p.getValue("algorithm").origin(), base + ".algorithm", "vault-transit signs RSA256 only");
                }
                if (encryption) {
                    throw new ConfigException.BadValue(
                            p.getValue("encryption.enabled").origin(),
                            base + ".encryption.enabled",
                            "RSA_AES needs the merchant private key to decrypt answers; a Transit key never"
                                    + " leaves Vault");
                }
                return new KeySourceConfig.VaultTransit(
                        vaultName(ks, at, "transit-mount"),
                        vaultName(ks, at, "transit-key"),
                        alipayFromFiles(p, base, ks, at, dir, namedAlipay, "vault-transit"));
            }
            case "pkcs11" -> {
                if (namedMerchant) {
                    throw new ConfigException.BadValue(
                            ks.origin(),
                            at + ".type",
                            "with pkcs11 the merchant key stays in the token: remove merchant-private-key(-file)");
                }
                if (algorithm != SignatureAlgorithm.RSA256) {
                    throw new ConfigException.BadValue(
                            p.getValue("algorithm").origin(), base + ".algorithm", "pkcs11 signs RSA256 only");
                }
                if (encryption) {
                    throw new ConfigException.BadValue(
                            p.getValue("encryption.enabled").origin(),
                            base + ".encryption.enabled",
                            "RSA_AES needs the merchant private key to decrypt answers; a PKCS#11 key never"
                                    + " leaves the token");
                }
                return new KeySourceConfig.Pkcs11(
                        pkcs11(ks.getConfig("pkcs11"), at + ".pkcs11"),
                        alipayFromFiles(p, base, ks, at, dir, namedAlipay, "pkcs11"));
            }
            default -> {
                if (!dir.isEmpty()) {
                    if (namedMerchant || namedAlipay) {
                        throw new ConfigException.BadValue(
                                ks.getValue("dir").origin(),
                                at + ".dir",
                                "set either key-source.dir or merchant-private-key(-file) and alipay-public-keys,"
                                        + " not both");
                    }
                    return new KeySourceConfig.Directory(Path.of(dir));
                }
                if (keyVersion.isEmpty()) {
                    throw new ConfigException.BadValue(
                            p.getValue("key-version").origin(),
                            base + ".key-version",
                            "latest needs key-source.dir or a Vault source; a named key file has one version");
                }
                KeyText merchant = keyText(p, base, "merchant-private-key", "merchant-private-key-file");
                return new KeySourceConfig.Files(Map.of(keyVersion.getAsInt(), merchant), alipayKeys(p, base));
            }
        }
    }

    private static KeySourceConfig apiKeySource(Config p, String base, boolean alipayKeysNeeded) {
        Config ks = p.getConfig("key-source");
        String at = base + ".key-source";
        String type = ks.getString("type").trim().toLowerCase(java.util.Locale.ROOT);
        if (!"file".equals(type) && !"vault-kv".equals(type)) {
            throw new ConfigException.BadValue(
                    ks.getValue("type").origin(),
                    at + ".type",
                    "an API key (auth = api-key) is read from file or vault-kv, not " + type);
        }
        if (p.hasPath("merchant-private-key") || p.hasPath("merchant-private-key-file")) {
            throw new ConfigException.BadValue(
                    p.origin(),
                    base + ".merchant-private-key-file",
                    "an auth = api-key profile does not sign: remove merchant-private-key(-file)");
        }
        String apiKeyFile = p.getString("api-key-file");
        String dir = ks.getString("dir");
        boolean namedAlipay = !p.getList("alipay-public-keys").isEmpty();
        if ("vault-kv".equals(type)) {
            if (namedAlipay || !dir.isEmpty() || !apiKeyFile.isEmpty()) {
                throw new ConfigException.BadValue(
                        ks.origin(),
                        at + ".type",
                        "vault-kv reads the API key and Alipay's keys from the secret: remove api-key-file,"
                                + " alipay-public-keys and key-source.dir");
            }
            return new KeySourceConfig.VaultKv(
                    vaultName(ks, at, "mount"),
                    vaultName(ks, at, "path"),
                    field(ks, at, "merchant-key-field"),
                    field(ks, at, "alipay-key-field-prefix"),
                    field(ks, at, "api-key-field"));
        }
        if (!dir.isEmpty()) {
            if (!apiKeyFile.isEmpty() || namedAlipay) {
                throw new ConfigException.BadValue(
                        ks.getValue("dir").origin(),
                        at + ".dir",
                        "set either key-source.dir (api-key-v<N> and alipay-public-key-v<N> files) or"
                                + " api-key-file and alipay-public-keys, not both");
            }
            return new KeySourceConfig.Directory(Path.of(dir));
        }
        if (apiKeyFile.isEmpty()) {
            throw new ConfigException.BadValue(
                    p.origin(),
                    base + ".api-key-file",
                    "auth = api-key needs the API key from a file (api-key-file, or api-key-v<N> in"
                            + " key-source.dir) or from vault-kv; it is never written in the configuration");
        }
        if (alipayKeysNeeded && !namedAlipay) {
            throw new ConfigException.BadValue(
                    p.origin(),
                    base + ".alipay-public-keys",
                    "gateway.notifications.enabled = true and notifications stay RSA-signed: an auth = api-key"
                            + " profile still needs Alipay's public keys to verify them");
        }
        Map<Integer, KeyText> alipay = namedAlipay ? alipayKeys(p, base) : Map.of();
        return new KeySourceConfig.Files(Map.of(), alipay, new KeyText(Path.of(apiKeyFile), null));
    }

    private static KeySourceConfig alipayFromFiles(
            Config p, String base, Config ks, String at, String dir, boolean namedAlipay, String type) {
        if (dir.isEmpty() == !namedAlipay) {
            throw new ConfigException.BadValue(
                    ks.origin(),
                    at + ".dir",
                    type + " takes Alipay's public keys from alipay-public-keys or from key-source.dir:"
                            + " set exactly one");
        }
        return dir.isEmpty()
                ? new KeySourceConfig.Files(Map.of(), alipayKeys(p, base))
                : new KeySourceConfig.Directory(Path.of(dir));
    }

    private static Map<Integer, KeyText> alipayKeys(Config p, String base) {
        String path = base + ".alipay-public-keys";
        Map<Integer, KeyText> keys = new LinkedHashMap<>();
        Set<Integer> versions = new HashSet<>();
        List<? extends Config> list = p.getConfigList("alipay-public-keys");
        for (int i = 0; i < list.size(); i++) {
            Config k = list.get(i);
            String at = path + "[" + i + "]";
            int version = k.hasPath("version") ? k.getInt("version") : -1;
            if (version < 0 || !versions.add(version)) {
                throw new ConfigException.BadValue(
                        k.origin(), at + ".version", "needs a distinct, non-negative version");
            }
            keys.put(version, keyText(k, at, "inline", "file"));
        }
        if (keys.isEmpty()) {
            throw new ConfigException.BadValue(
                    p.origin(),
                    path,
                    "at least one Alipay public key is needed: responses are verified, never trusted");
        }
        return keys;
    }

    private static KeyText keyText(Config c, String base, String inlineKey, String fileKey) {
        boolean inline = c.hasPath(inlineKey);
        boolean file = c.hasPath(fileKey);
        if (inline == file) {
            throw new ConfigException.BadValue(
                    c.origin(), base + "." + fileKey, "set exactly one of " + fileKey + " and " + inlineKey);
        }
        return file ? new KeyText(Path.of(c.getString(fileKey)), null) : new KeyText(null, c.getString(inlineKey));
    }

    /** {@code key-source.pkcs11}: the token, its slot, the PIN's origin, key labels and signing pool. */
    private static Pkcs11Settings pkcs11(Config c, String at) {
        String library = c.getString("library").trim();
        if (library.isEmpty() || !Path.of(library).isAbsolute()) {
            throw new ConfigException.BadValue(
                    c.getValue("library").origin(),
                    at + ".library",
                    "must be the absolute path of the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so");
        }
        String slotText = c.getString("slot").trim();
        OptionalLong slot = OptionalLong.empty();
        if (!slotText.isEmpty()) {
            try {
                slot = OptionalLong.of(Long.parseLong(slotText));
            } catch (NumberFormatException e) {
                slot = OptionalLong.of(-1);
            }
            if (slot.getAsLong() < 0) {
                throw new ConfigException.BadValue(
                        c.getValue("slot").origin(),
                        at + ".slot",
                        "must be a slot id (a number, e.g. from pkcs11-tool -L), or empty to use slot-list-index");
            }
        }
        int slotIndex = intIn(c, "slot-list-index", 0, 1024, at);
        String pinFile = c.getString("pin-file").trim();
        String pinEnv = c.getString("pin-env").trim();
        if (pinFile.isEmpty() == pinEnv.isEmpty()) {
            throw new ConfigException.BadValue(
                    c.origin(),
                    at + ".pin-file",
                    "set exactly one of pin-file and pin-env: the PIN is never written in the configuration");
        }
        if (!pinEnv.isEmpty() && !pinEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new ConfigException.BadValue(
                    c.getValue("pin-env").origin(),
                    at + ".pin-env",
                    "must name an environment variable (letters, digits, '_'), not hold the PIN");
        }
        String label = c.getString("key-label");
        if (label.indexOf(Pkcs11Settings.VERSION) < 0
                || label.indexOf(Pkcs11Settings.VERSION) != label.lastIndexOf(Pkcs11Settings.VERSION)
                || label.isBlank()
                || label.length() > 200) {
            throw new ConfigException.BadValue(
                    c.getValue("key-label").origin(),
                    at + ".key-label",
                    "must contain {version} once (one label per key version), e.g. ams-{client-id}-v{version}");
        }
        java.time.Duration timeout = c.getDuration("timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException.BadValue(c.getValue("timeout").origin(), at + ".timeout", "must be positive");
        }
        return new Pkcs11Settings(
                Path.of(library),
                slot,
                slotIndex,
                new Pkcs11Settings.PinSource(
                        pinFile.isEmpty() ? null : Path.of(pinFile), pinEnv.isEmpty() ? null : pinEnv),
                label,
                intIn(c, "threads", 1, 1024, at),
                intIn(c, "queue", 0, 1_000_000, at),
                timeout);
    }

    private static int intIn(Config c, String key, int min, int max, String at) {
        int v = c.getInt(key);
        if (v < min || v > max) {
            throw new ConfigException.BadValue(
                    c.getValue(key).origin(), at + "." + key, "must be between " + min + " and " + max);
        }
        return v;
    }

    /** A Vault mount, path or key name: no leading or trailing slash, no "..", printable. */
    private static String vaultName(Config ks, String at, String key) {
        String v = ks.getString(key);
        if (!v.matches("[A-Za-z0-9_.{}@-]+(/[A-Za-z0-9_.{}@-]+)*") || v.contains("..")) {
            throw new ConfigException.BadValue(
                    ks.getValue(key).origin(),
                    at + "." + key,
                    "must be a Vault path such as secret or ams/{client-id}, without leading or trailing '/'");
        }
        return v;
    }

    private static String field(Config ks, String at, String key) {
        String v = ks.getString(key);
        if (!v.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new ConfigException.BadValue(
                    ks.getValue(key).origin(),
                    at + "." + key,
                    "must be a field name of letters, digits, '_', '.', '-'");
        }
        return v;
    }
}
