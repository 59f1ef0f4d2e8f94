package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.testing.Providers;
import io.amsgateway.core.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of response-verification.json gets the outcome of its {@code expected.strict}
 * column, with every provider.
 *
 * <p>Each vector names the public key that verifies it ({@code verifyAs.publicKeyId}). It is
 * enabled under the key version the vector's header names (1 when it names none), so that what is
 * tested is the header parsing, the content and the signature; key-version selection has its own
 * tests in {@code MessageVerifierTest}.
 */
class ResponseVerificationConformanceTest {
    private static final JsonNode FILE = Vectors.load("response-verification.json");

    static Stream<Arguments> vectors() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : FILE.get("vectors")) {
            for (CryptoProvider p : Providers.all()) {
                out.add(Arguments.of(v.get("id").asText() + " @" + p.name(), v, p));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void outcomeMatchesStrictColumn(String id, JsonNode v, CryptoProvider provider) {
        JsonNode as = v.get("verifyAs");
        JsonNode h = v.get("responseHeaders");
        SignedHeaders headers = new SignedHeaders(
                Vectors.textOrNull(h, "client-id"),
                Vectors.textOrNull(h, "response-time"),
                Vectors.textOrNull(h, "signature"));

        String outcome = outcome(
                as.get("httpMethod").asText(),
                as.get("path").asText(),
                as.get("clientId").asText(),
                headers,
                Vectors.bytes(v, "bodyUtf8Base64"),
                keysFor(as.get("publicKeyId").asText(), headers, provider));

        assertThat(outcome)
                .as("strict outcome of %s", id)
                .isEqualTo(v.get("expected").get("strict").asText());
    }

    /** The public key enabled under the version the header names, or 1. */
    static VerifierSet keysFor(String keyId, SignedHeaders headers, CryptoProvider provider) {
        int version = 1;
        if (headers.signature() != null) {
            try {
                Integer named = SignatureHeader.parse(headers.signature()).keyVersion();
                version = named == null ? 1 : named;
            } catch (MalformedMessageException ignored) {
                // The verifier reports it.
            }
        }
        return VerifierSet.of(
                JcaVerifier.create(version, SignatureAlgorithm.RSA256, Vectors.publicKey(keyId), provider));
    }

    static String outcome(
            String method, String path, String clientId, SignedHeaders headers, byte[] body, VerifierSet keys) {
        try {
            VerifiedMessage m = MessageVerifier.verify(method, path, clientId, headers, body, keys);
            assertThat(keys.versions()).contains(m.keyVersion());
            return "ACCEPT";
        } catch (VerificationException e) {
            return "REJECT_" + e.reason().name();
        }
    }
}
