package io.amsgateway.core.testing.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Transit secrets engine for RSA keys: versioned key pairs per (mount, name), {@code sign},
 * key read (public keys as PEM) and rotation. The lock covers the key table only; signing runs
 * outside it. Private keys never leave this class in any answer, log or exception.
 */
final class TransitEngine {
    private final FakeClock clock;
    private final Set<String> mounts = ConcurrentHashMap.newKeySet();
    private final Map<String, List<KeyVersion>> keys = new HashMap<>();

    private record KeyVersion(KeyPair pair, Instant created) {
        @Override
        public String toString() {
            return "KeyVersion[created=" + created + "]";
        }
    }

    TransitEngine(FakeClock clock) {
        this.clock = clock;
    }

    Set<String> mounts() {
        return Set.copyOf(mounts);
    }

    boolean hasMount(String mount) {
        return mounts.contains(mount);
    }

    /** Creates key {@code name} with {@code pair} as version 1. */
    synchronized void create(String mount, String name, KeyPair pair) {
        requireRsa(pair);
        mounts.add(mount);
        if (keys.putIfAbsent(mount + "\0" + name, new ArrayList<>(List.of(new KeyVersion(pair, clock.now()))))
                != null) {
            throw new IllegalStateException("transit key already exists: " + mount + "/" + name);
        }
    }

    /** Adds {@code pair} as the next version of an existing key and returns its number. */
    synchronized int rotate(String mount, String name, KeyPair pair) {
        requireRsa(pair);
        List<KeyVersion> versions = keys.get(mount + "\0" + name);
        if (versions == null) {
            throw new IllegalStateException("no transit key " + mount + "/" + name);
        }
        versions.add(new KeyVersion(pair, clock.now()));
        return versions.size();
    }

    /** {@code POST keys/<name>/rotate}: a fresh RSA key of the same size; answers the key as a read does. */
    VaultResponse rotateRequest(String mount, String name) {
        List<KeyVersion> versions = versions(mount, name);
        if (versions.isEmpty()) {
            return VaultResponse.badRequest("key not found");
        }
        int bits =
                ((RSAPublicKey) versions.get(0).pair.getPublic()).getModulus().bitLength();
        rotate(mount, name, generate(bits));
        return read(mount, name);
    }

    /** {@code GET keys/<name>}. */
    VaultResponse read(String mount, String name) {
        List<KeyVersion> versions = versions(mount, name);
        if (versions.isEmpty()) {
            return VaultResponse.notFound();
        }
        String type = "rsa-"
                + ((RSAPublicKey) versions.get(0).pair.getPublic()).getModulus().bitLength();
        ObjectNode d = VaultJson.object();
        d.put("allow_plaintext_backup", false);
        d.put("auto_rotate_period", 0);
        d.put("deletion_allowed", false);
        d.put("derived", false);
        d.put("exportable", false);
        d.put("imported_key", false);
        ObjectNode ks = d.putObject("keys");
        for (int i = 0; i < versions.size(); i++) {
            ObjectNode k = ks.putObject(Integer.toString(i + 1));
            k.put("creation_time", VaultJson.time(versions.get(i).created));
            k.put("name", type);
            k.put("public_key", VaultJson.pem(versions.get(i).pair.getPublic()));
        }
        d.put("latest_version", versions.size());
        d.put("min_available_version", 0);
        d.put("min_decryption_version", 1);
        d.put("min_encryption_version", 0);
        d.put("name", name);
        d.put("supports_decryption", true);
        d.put("supports_derivation", false);
        d.put("supports_encryption", true);
        d.put("supports_signing", true);
        d.put("type", type);
        return VaultResponse.ok(VaultJson.data(d));
    }

    /** {@code POST sign/<name>[/<hash>]}: the hash in the URL wins over {@code hash_algorithm}. */
    VaultResponse sign(String mount, String name, String urlHash, JsonNode body) {
        List<KeyVersion> versions = versions(mount, name);
        if (versions.isEmpty()) {
            return VaultResponse.badRequest("signing key not found");
        }
        int requested;
        try {
            requested = VaultJson.integer(body, "key_version", 0);
        } catch (NumberFormatException e) {
            return VaultResponse.badRequest("key_version is not an integer");
        }
        if (requested < 0) {
            return VaultResponse.badRequest("requested version for signing is negative");
        }
        if (requested > versions.size()) {
            return VaultResponse.badRequest("requested version for signing is higher than the latest key version");
        }
        int version = requested == 0 ? versions.size() : requested;
        String hash = urlHash.isEmpty() ? VaultJson.text(body, "hash_algorithm") : urlHash;
        String sigAlg = VaultJson.text(body, "signature_algorithm");
        try {
            byte[] sig = RsaSignatures.sign(
                    versions.get(version - 1).pair.getPrivate(),
                    hash.isEmpty() ? "sha2-256" : hash,
                    sigAlg.isEmpty() ? "pss" : sigAlg,
                    body.path("prehashed").asBoolean(false),
                    VaultJson.text(body, "input"));
            ObjectNode d = VaultJson.object();
            d.put("key_version", version);
            d.put(
                    "signature",
                    "vault:v" + version + ":" + java.util.Base64.getEncoder().encodeToString(sig));
            return VaultResponse.ok(VaultJson.data(d));
        } catch (RsaSignatures.BadInput e) {
            return VaultResponse.badRequest(e.getMessage());
        }
    }

    private synchronized List<KeyVersion> versions(String mount, String name) {
        List<KeyVersion> v = keys.get(mount + "\0" + name);
        return v == null ? List.of() : List.copyOf(v);
    }

    private static void requireRsa(KeyPair pair) {
        if (!(pair.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("the fake's Transit holds RSA keys only");
        }
    }

    /** A fresh RSA key pair of {@code bits}. */
    static KeyPair generate(int bits) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(bits);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }
}
