package io.amsgateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.crypto.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Loads the shared interop vectors from {@code ../shared/vectors} (never a copy). The directory
 * comes from the system property {@code ams.vectors.dir}, which the build sets to
 * {@code <project root>/../shared/vectors}; without it, {@code ../shared/vectors} and
 * {@code ../../shared/vectors} relative to the working directory are tried. A missing directory
 * fails the test with a message saying where it looked.
 */
public final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Path dir;

    private Vectors() {}

    /** The vectors directory. */
    public static Path dir() {
        Path d = dir;
        if (d == null) {
            d = locate();
            dir = d;
        }
        return d;
    }

    private static Path locate() {
        List<Path> tried = new ArrayList<>();
        String prop = System.getProperty("ams.vectors.dir");
        if (prop != null && !prop.isBlank()) {
            tried.add(Path.of(prop));
        }
        tried.add(Path.of("..", "shared", "vectors"));
        tried.add(Path.of("..", "..", "shared", "vectors"));
        for (Path p : tried) {
            if (Files.isRegularFile(p.resolve("keys.json"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "interop vectors not found: shared/vectors must sit beside the checkout" + " (as in CI). Looked in "
                        + tried.stream()
                                .map(p -> p.toAbsolutePath().normalize().toString())
                                .toList());
    }

    /** A vector file's JSON tree. */
    public static JsonNode load(String file) {
        try {
            return JSON.readTree(dir().resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector file " + file, e);
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
