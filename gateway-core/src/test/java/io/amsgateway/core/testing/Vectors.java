package io.amsgateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.crypto.PemKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Loads the interop vectors from the test classpath: {@code interop-vectors/} in gateway-core's
 * test resources (shipped in its test-jar, so the simulator, server and bench tests read the same
 * copy). The copy's README says where the vectors come from; {@code .ci/run} checks that the copy
 * is byte-identical to the upstream set when that is available.
 */
public final class Vectors {
    /** The classpath folder holding the vector files. */
    public static final String RESOURCE_DIR = "interop-vectors/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    /** A vector file's JSON tree. */
    public static JsonNode load(String file) {
        String name = RESOURCE_DIR + file;
        try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("interop vector file " + name
                        + " is not on the test classpath (expected in gateway-core/src/test/resources/" + name + ")");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector file " + name, e);
        }
    }

    /** The key pair entry with {@code id} in keys.json. */
    public static JsonNode key(String id) {
        for (JsonNode k : load("keys.json").get("keys")) {
            if (k.get("id").asText().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no key " + id + " in keys.json");
    }

    public static PrivateKey privateKey(String id) {
        return PemKeys.privateKey(key(id).get("privateKeyPkcs8Base64").asText());
    }

    public static PublicKey publicKey(String id) {
        return PemKeys.publicKey(key(id).get("publicKeySpkiBase64").asText());
    }

    /** Decodes a {@code ...Utf8Base64} field: the exact bytes. */
    public static byte[] bytes(JsonNode node, String field) {
        return Base64.getDecoder().decode(node.get(field).asText());
    }

    /** The elements of an array node, for parameterised tests. */
    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** A text field, or null when absent or JSON null. */
    public static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
