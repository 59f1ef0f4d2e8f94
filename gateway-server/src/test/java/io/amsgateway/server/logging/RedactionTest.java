package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {
    static final String PEM = "-----BEGIN PRIVATE KEY-----\n"
            + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
            + "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n"
            + "-----END PRIVATE KEY-----";

    static String rsaSignatureBase64() {
        byte[] sig = new byte[256]; // RSA-2048
        new SecureRandom().nextBytes(sig);
        return Base64.getEncoder().encodeToString(sig);
    }

    @Test
    void masksPemBlocks() {
        String out = Redaction.redact("loaded key " + PEM + " from file");
        assertThat(out).isEqualTo("loaded key [REDACTED PEM] from file");
        assertThat(Redaction.redact("truncated -----BEGIN RSA PRIVATE KEY-----\nMIIEow"))
                .as("an unterminated block is masked to the end")
                .isEqualTo("truncated [REDACTED PEM]");
    }

    @Test
    void masksLongBase64Runs() {
        String sig = rsaSignatureBase64();
        assertThat(sig).hasSize(344);
        String out = Redaction.redact("response signature " + sig + " did not verify");
        assertThat(out).isEqualTo("response signature [REDACTED base64] did not verify");
        String percentEncoded = sig.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D");
        assertThat(Redaction.redact("raw " + percentEncoded)).isEqualTo("raw [REDACTED base64]");
        assertThat(Redaction.redact("aes /q83vEjRWeJq83vEjRWeJq/83vEjRWeJq83vEjRWeJ"))
                .as("a leading '/' alone does not make a path")
                .isEqualTo("aes [REDACTED base64]");
    }

    @Test
    void masksSignatureValues() {
        assertThat(Redaction.redact("header algorithm=RSA256,keyVersion=1,signature=abc%2Bdef, next"))
                .isEqualTo("header algorithm=RSA256,keyVersion=1,signature=[REDACTED], next");
        assertThat(Redaction.redact("{\"signature\":\"c2hvcnQ=\",\"x\":1}"))
                .isEqualTo("{\"signature\":\"[REDACTED]\",\"x\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005"})
    void masksLuhnValidCardNumbers(String card) {
        assertThat(Redaction.redact("card " + card + " declined"))
                .isEqualTo("card [CARD ****" + last4(card) + "] declined");
    }

    private static String last4(String card) {
        String d = card.replaceAll("[ -]", "");
        return d.substring(d.length() - 4);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order 4111111111111112 is not a card (Luhn fails)",
                "paymentRequestId 2024010112345 short",
                "POST /ams/sandbox/api/v1/payments/inquiryRefundStatusByPaymentId took 12 ms",
                "took 0.12345678901234 s",
                "short",
                "a uuid 123e4567-e89b-12d3-a456-426614174000 stays",
                "logger io.amsgateway.server.admin.AdminHandler and /ams/api/v1/payments/pay?x=1",
                "client-id=SANDBOX_5X00000000000000 profile local"
            })
    void keepsOrdinaryText(String text) {
        assertThat(Redaction.redact(text)).isSameAs(text);
    }

    @Test
    void luhn() {
        assertThat(Redaction.luhnValid("79927398713")).isTrue();
        assertThat(Redaction.luhnValid("79927398710")).isFalse();
    }

    /**
     * The one-pass pre-scan never hides a match: over random text built from the characters the
     * patterns care about (and runs near their thresholds), {@code redact} equals the patterns
     * applied unconditionally, and the sample includes both outcomes.
     */
    @Test
    void thePreScanNeverSkipsWhatThePatternsWouldMask() {
        java.util.Random random = new java.util.Random(20261201);
        String[] pieces = {
            "a",
            "Z",
            "7",
            "0",
            " ",
            "-",
            "+",
            "/",
            "_",
            "%",
            "=",
            ".",
            ",",
            "\"",
            ":",
            "\n",
            "é",
            "ſ",
            "signature",
            "SIGNATURE=",
            "\"signature\":\"",
            "Signatur",
            "-----BEGIN ",
            "-----BEGIN RSA KEY-----",
            "4111 1111 1111 1111",
            "4111-1111-1111-111",
            "411111111111",
            "1234567890123",
            "79927398713",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM",
            "/ams/api/v1/payments/pay",
            "SANDBOX_5X00000000000000"
        };
        int masked = 0;
        int scanned = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = 1 + random.nextInt(12); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            String expected = Redaction.redactScanned(text);
            assertThat(Redaction.redact(text)).as(text).isEqualTo(expected);
            if (!expected.equals(text)) {
                masked++;
            }
            if (!Redaction.mayMask(text)) {
                scanned++;
            }
        }
        assertThat(masked).as("texts with something masked").isGreaterThan(1_000);
        assertThat(Redaction.redact("signature=ab"))
                .as("shorter than 13 characters and still masked")
                .isEqualTo("signature=[REDACTED]");
        assertThat(scanned).as("texts the pre-scan let through without a regex").isGreaterThan(1_000);
    }
}
