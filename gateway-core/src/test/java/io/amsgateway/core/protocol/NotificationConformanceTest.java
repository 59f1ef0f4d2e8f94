package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** notification-verification.json: outcomes equal {@code expected.strict}; the ack is exact. */
class NotificationConformanceTest {
    private static final JsonNode FILE = Vectors.load("notification-verification.json");

    static Stream<Arguments> vectors() {
        return Vectors.list(FILE.get("vectors")).stream()
                .map(v -> Arguments.of(v.get("id").asText(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void outcomeMatchesStrictColumn(String id, JsonNode v) {
        JsonNode h = v.get("requestHeaders");
        SignedHeaders headers = new SignedHeaders(
                Vectors.textOrNull(h, "client-id"),
                Vectors.textOrNull(h, "request-time"),
                Vectors.textOrNull(h, "signature"));
        String outcome = ResponseVerificationConformanceTest.outcome(
                "POST",
                v.get("verifyPath").asText(),
                h.get("client-id").asText(),
                headers,
                Vectors.bytes(v, "bodyUtf8Base64"),
                ResponseVerificationConformanceTest.keysFor(
                        v.get("signerKeyId").asText(), headers, CryptoProvider.jdk()));
        assertThat(outcome)
                .as("strict outcome of %s", id)
                .isEqualTo(v.get("expected").get("strict").asText());
    }

    @Test
    void acknowledgementIsByteExact() {
        assertThat(new String(AlipayResult.NOTIFICATION_ACK.toJsonBytes(), StandardCharsets.UTF_8))
                .isEqualTo(FILE.get("merchantAck").get("body").asText());
    }
}
