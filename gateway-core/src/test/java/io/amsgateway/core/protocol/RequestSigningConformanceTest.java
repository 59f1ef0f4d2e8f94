package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.key.KeyRef;
import io.amsgateway.core.testing.Providers;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of request-signing.json reproduces the official SDK's exact Signature header. */
class RequestSigningConformanceTest {
    private static final JsonNode FILE = Vectors.load("request-signing.json");

    static Stream<Arguments> vectorsByProvider() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : FILE.get("vectors")) {
            for (CryptoProvider p : Providers.all()) {
                out.add(Arguments.of(v.get("id").asText() + " @" + p.name(), v, p));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> vectors() {
        return Vectors.list(FILE.get("vectors")).stream()
                .map(v -> Arguments.of(v.get("id").asText(), v));
    }

    private static byte[] body(JsonNode v) {
        return Vectors.bytes(FILE.get("bodies").get(v.get("bodyId").asText()), "utf8Base64");
    }

    private static byte[] content(JsonNode v) {
        return SignContent.build(
                v.get("httpMethod").asText(),
                v.get("path").asText(),
                v.get("clientId").asText(),
                v.get("requestTime").asText(),
                body(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void contentToBeSignedIsByteExact(String id, JsonNode v) throws Exception {
        byte[] content = content(v);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(content);
        assertThat(HexFormat.of().formatHex(sha))
                .as("SHA-256 of the content to be signed for %s", id)
                .isEqualTo(v.get("contentToBeSignedSha256Hex").asText());
        String given = Vectors.textOrNull(v, "contentToBeSigned");
        if (given != null) {
            assertThat(content).as("content bytes for %s", id).isEqualTo(given.getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorsByProvider")
    void signatureHeaderIsExactlyTheSdks(String id, JsonNode v, CryptoProvider provider) throws Exception {
        KeyRef ref = new KeyRef(v.get("clientId").asText(), v.get("keyVersion").asInt());
        JcaSigner signer = JcaSigner.create(
                ref.clientId(),
                ref.keyVersion(),
                SignatureAlgorithm.RSA256,
                Vectors.privateKey(v.get("keyId").asText()),
                provider);

        String header = RequestSigning.signatureHeader(
                        signer,
                        ref.clientId(),
                        v.get("httpMethod").asText(),
                        v.get("path").asText(),
                        v.get("requestTime").asText(),
                        body(v))
                .toCompletableFuture()
                .get();

        assertThat(header)
                .as("Signature header for %s with %s", id, provider)
                .isEqualTo(v.get("headers").get("Signature").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void pkcs1FormOfTheSameKeySignsIdentically(String id, JsonNode v) {
        JsonNode key = Vectors.key(v.get("keyId").asText());
        JcaSigner signer = JcaSigner.create(
                v.get("clientId").asText(),
                v.get("keyVersion").asInt(),
                SignatureAlgorithm.RSA256,
                PemKeys.privateKey(key.get("privateKeyPkcs1Base64").asText()),
                CryptoProvider.jdk());
        String encoded = SignatureHeader.format(signer.algorithm(), 1, signer.signNow(content(v)));
        assertThat(encoded).endsWith("signature=" + v.get("signatureUrlEncoded").asText());
    }
}
