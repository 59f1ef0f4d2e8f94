package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.EncryptionException;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.RsaAes;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** rsa-aes-encryption.json: every vector decrypts to its plaintext; encryption round-trips. */
class RsaAesConformanceTest {
    private static final JsonNode FILE = Vectors.load("rsa-aes-encryption.json");

    static Stream<Arguments> vectors() {
        return Vectors.list(FILE.get("vectors")).stream()
                .map(v -> Arguments.of(v.get("id").asText(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptsToThePlaintext(String id, JsonNode v) {
        byte[] body = v.get("httpBody").asText().getBytes(StandardCharsets.US_ASCII);
        String encrypt = v.get("headers").get("Encrypt").asText();

        byte[] plain = EncryptedMessages.decrypt(
                encrypt, body, Vectors.privateKey(v.get("recipientKeyId").asText()));

        assertThat(plain).as("plaintext of %s", id).isEqualTo(Vectors.bytes(v, "plaintextUtf8Base64"));
        assertThat(HexFormat.of()
                        .formatHex(EncryptedMessages.unwrapKey(
                                encrypt,
                                Vectors.privateKey(v.get("recipientKeyId").asText()))))
                .isEqualTo(v.get("aesKeyHex").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signatureCoversTheEncryptedBody(String id, JsonNode v) throws Exception {
        JsonNode h = v.get("headers");
        String time = h.has("Request-Time")
                ? h.get("Request-Time").asText()
                : h.get("Response-Time").asText();
        JcaSigner signer = JcaSigner.create(
                v.get("clientId").asText(),
                1,
                SignatureAlgorithm.RSA256,
                Vectors.privateKey(v.get("signerKeyId").asText()),
                CryptoProvider.jdk());

        String header = RequestSigning.signatureHeader(
                        signer,
                        v.get("clientId").asText(),
                        "POST",
                        v.get("path").asText(),
                        time,
                        v.get("httpBody").asText().getBytes(StandardCharsets.US_ASCII))
                .toCompletableFuture()
                .get();

        assertThat(header).isEqualTo(h.get("Signature").asText());
        assertThat(h.get("Content-Type").asText()).isEqualTo(RsaAes.CONTENT_TYPE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encryptThenDecryptRoundTrips(String id, JsonNode v) {
        byte[] plain = Vectors.bytes(v, "plaintextUtf8Base64");
        String recipient = v.get("recipientKeyId").asText();

        EncryptedMessages.Encrypted enc = EncryptedMessages.encrypt(
                plain, Vectors.publicKey(recipient), v.get("aesKeyBits").asInt(), new SecureRandom());

        assertThat(enc.encryptHeader()).startsWith("algorithm=RSA_AES, symmetricKey=");
        assertThat(new String(enc.body(), StandardCharsets.US_ASCII)).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(EncryptedMessages.decrypt(enc.encryptHeader(), enc.body(), Vectors.privateKey(recipient)))
                .isEqualTo(plain);
        assertThat(EncryptedMessages.unwrapKey(enc.encryptHeader(), Vectors.privateKey(recipient)))
                .hasSize(v.get("aesKeyBits").asInt() / 8);
    }

    @Test
    void wrongRecipientKeyOrTamperedBodyFailWithoutEchoingData() {
        JsonNode v = FILE.get("vectors").get(0);
        String encrypt = v.get("headers").get("Encrypt").asText();
        byte[] body = v.get("httpBody").asText().getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> EncryptedMessages.decrypt(encrypt, body, Vectors.privateKey("merchant-2")))
                .isInstanceOf(EncryptionException.class)
                .hasMessageContaining("symmetricKey does not decrypt");

        byte[] truncated = Arrays.copyOf(body, body.length - 4);
        assertThatThrownBy(() -> EncryptedMessages.decrypt(
                        encrypt,
                        truncated,
                        Vectors.privateKey(v.get("recipientKeyId").asText())))
                .isInstanceOf(EncryptionException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(v.get("httpBody").asText().substring(0, 16)));

        assertThatThrownBy(() -> EncryptedMessages.decrypt("algorithm=RSA_AES", body, Vectors.privateKey("alipay-1")))
                .isInstanceOf(EncryptionException.class)
                .hasMessageContaining("no symmetricKey");
        assertThatThrownBy(() -> EncryptHeader.parse("algorithm=PGP, symmetricKey=abcd"))
                .hasMessageContaining("must be RSA_AES");
    }
}
