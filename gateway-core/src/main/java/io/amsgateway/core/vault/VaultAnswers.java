package io.amsgateway.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.vault.VaultException.Kind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the documented shapes of Vault's answers into records. Every deviation is a {@link
 * VaultException} of kind {@code BAD_RESPONSE} naming the operation, path and field, never a
 * value.
 */
final class VaultAnswers {
    private VaultAnswers() {}

    /** {@code {"data":{"data":{...},"metadata":{"version":N,"deletion_time":"","destroyed":false}}}}. */
    static KvSecret kvSecret(JsonNode json, String where, Instant now) {
        JsonNode metadata = json.path("data").path("metadata");
        JsonNode data = json.path("data").path("data");
        if (isDeleted(metadata, now) || data.isNull()) {
            throw new VaultException(
                    VaultException.Kind.NOT_FOUND, 200, where + ": that version is deleted or destroyed", null);
        }
        if (!data.isObject()) {
            throw bad(where, "data.data is not an object");
        }
        int version = intField(metadata, "version", where);
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw bad(where, "field '" + e.getKey() + "' is not a string");
            }
            fields.put(e.getKey(), e.getValue().textValue());
        }
        return new KvSecret(version, fields);
    }

    /** {@code {"data":{"current_version":N,"oldest_version":M,"versions":{"1":{...}}}}}. */
    static KvMetadata kvMetadata(JsonNode json, String where, Instant now) {
        JsonNode data = json.path("data");
        int current = intField(data, "current_version", where);
        int oldest = data.path("oldest_version").asInt(0);
        Set<Integer> readable = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("versions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!isDeleted(e.getValue(), now)) {
                readable.add(parseVersion(e.getKey(), where));
            }
        }
        return new KvMetadata(current, oldest, readable);
    }

    /** {@code {"data":{"latest_version":N,"keys":{"1":{"public_key":"-----BEGIN..."}}}}}. */
    static TransitKey transitKey(JsonNode json, String where) {
        JsonNode data = json.path("data");
        int latest = intField(data, "latest_version", where);
        Map<Integer, String> pems = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode pem = e.getValue().path("public_key");
            if (pem.isTextual() && !pem.textValue().isEmpty()) {
                pems.put(parseVersion(e.getKey(), where), pem.textValue());
            }
        }
        if (pems.isEmpty()) {
            throw bad(where, "no public key (is it an asymmetric key?)");
        }
        return new TransitKey(latest, pems);
    }

    /** {@code {"data":{"signature":"vault:vN:<base64>"}}}, checking that N is {@code keyVersion}. */
    static byte[] signature(JsonNode json, String where, int keyVersion) {
        JsonNode sig = json.path("data").path("signature");
        if (!sig.isTextual()) {
            throw bad(where, "no data.signature");
        }
        String s = sig.textValue();
        int colon = s.indexOf(':', "vault:v".length());
        if (!s.startsWith("vault:v") || colon < 0) {
            throw bad(where, "the signature lacks its 'vault:vN:' prefix");
        }
        int version;
        try {
            version = Integer.parseInt(s.substring("vault:v".length(), colon));
        } catch (NumberFormatException e) {
            throw bad(where, "the signature's 'vault:vN:' prefix has no version number");
        }
        if (version != keyVersion) {
            throw bad(where, "the signature was made with key version " + version + ", not " + keyVersion);
        }
        try {
            return Base64.getDecoder().decode(s.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw bad(where, "the signature is not base64");
        }
    }

    /**
     * A version is gone when destroyed, or when its {@code deletion_time} is set and has passed. A
     * {@code deletion_time} in the future is a scheduled deletion ({@code delete_version_after}):
     * the version is still readable until then.
     */
    private static boolean isDeleted(JsonNode versionMetadata, Instant now) {
        if (versionMetadata.path("destroyed").asBoolean(false)) {
            return true;
        }
        String deletion = versionMetadata.path("deletion_time").asText("");
        if (deletion.isEmpty()) {
            return false;
        }
        try {
            return !Instant.parse(deletion).isAfter(now);
        } catch (DateTimeParseException e) {
            return true; // fail closed: an unreadable deletion time counts as deleted
        }
    }

    private static int intField(JsonNode node, String name, String where) {
        JsonNode n = node.path(name);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw bad(where, "no integer " + name);
        }
        return n.intValue();
    }

    private static int parseVersion(String key, String where) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw bad(where, "a version key is not a number");
        }
    }

    static VaultException bad(String where, String what) {
        return new VaultException(Kind.BAD_RESPONSE, 200, where + ": " + what, null);
    }
}
