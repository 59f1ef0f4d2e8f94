package io.amsgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.testing.Vectors;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request of interop vector file {@code request-signing.json}, sent byte for byte with the
 * headers the Java SDK sends, passes the signature checks. One simulator per vector key, since the
 * vectors sign for the same client id and key version with different keys.
 */
@ExtendWith(LeakCheck.class)
class VectorRequestsTest {
    private static final Set<String> CHECK_FAILURES = Set.of(
            "METHOD_NOT_SUPPORTED",
            "MEDIA_TYPE_NOT_ACCEPTABLE",
            "CLIENT_INVALID",
            "KEY_NOT_FOUND",
            "INVALID_SIGNATURE");

    @TempDir
    Path dir;

    @Test
    void everyVectorRequestIsAccepted() throws Exception {
        JsonNode file = Vectors.load("request-signing.json");
        Map<String, byte[]> bodies = new HashMap<>();
        file.get("bodies")
                .fields()
                .forEachRemaining(e -> bodies.put(
                        e.getKey(),
                        Base64.getDecoder()
                                .decode(e.getValue().get("utf8Base64").asText())));
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (JsonNode v : file.get("vectors")) {
            byKey.computeIfAbsent(v.get("keyId").asText(), k -> new java.util.ArrayList<>())
                    .add(v);
        }
        int sent = 0;
        for (var entry : byKey.entrySet()) {
            String keyId = entry.getKey();
            try (SimFixture sim = SimFixture.start(dir.resolve(keyId), b -> {
                for (String client : List.of(SimFixture.CLIENT, SimFixture.SANDBOX_CLIENT)) {
                    for (int kv : List.of(1, 2)) {
                        b.merchant(new MerchantPublicKey(client, kv, Vectors.publicKey(keyId)));
                    }
                }
            })) {
                for (JsonNode v : entry.getValue()) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    v.get("headers")
                            .fields()
                            .forEachRemaining(
                                    h -> headers.put(h.getKey(), h.getValue().asText()));
                    String path = v.get("path").asText();
                    Exchange ex = sim.send(
                            "POST", path, headers, bodies.get(v.get("bodyId").asText()));
                    assertThat(ex.status()).as(v.get("id").asText()).isEqualTo(200);
                    assertThat(ex.resultCode()).as(v.get("id").asText()).isNotIn(CHECK_FAILURES);
                    sim.verify(ex, path, v.get("clientId").asText());
                    sent++;
                }
            }
        }
        assertThat(sent).isEqualTo(file.get("vectors").size());
    }
}
