package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerificationException.Reason;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tamper tests and key selection, with the vectors' test keys. */
class MessageVerifierTest {
    private static final CryptoProvider P = CryptoProvider.jdk();
    private static final String PATH = "/ams/api/v1/payments/inquiryPayment";
    private static final String CLIENT = "TEST_5X00000000000000";
    private static final String TIME = "2024-01-01T04:00:01-08:00";
    private static final byte[] BODY =
            ("{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"},"
                            + "\"paymentStatus\":\"SUCCESS\",\"paymentAmount\":{\"currency\":\"EUR\",\"value\":\"1999\"},\"note\":\"caf\u00e9 \u2615\"}")
                    .getBytes(StandardCharsets.UTF_8);

    private static final JcaSigner ALIPAY_V1 =
            JcaSigner.create(CLIENT, 1, SignatureAlgorithm.RSA256, Vectors.privateKey("alipay-1"), P);
    private static final JcaSigner ALIPAY_V2 =
            JcaSigner.create(CLIENT, 2, SignatureAlgorithm.RSA256, Vectors.privateKey("merchant-3"), P);
    private static final VerifierSet KEYS = VerifierSet.of(List.of(
            JcaVerifier.create(1, SignatureAlgorithm.RSA256, Vectors.publicKey("alipay-1"), P),
            JcaVerifier.create(2, SignatureAlgorithm.RSA256, Vectors.publicKey("merchant-3"), P)));

    private static String sign(JcaSigner signer, String path, String client, String time, byte[] body) {
        byte[] sig = signer.signNow(SignContent.build("POST", path, client, time, body));
        return SignatureHeader.format(signer.algorithm(), signer.keyVersion(), sig);
    }

    private static final String GOOD = sign(ALIPAY_V1, PATH, CLIENT, TIME, BODY);

    private static Reason reject(String path, String client, SignedHeaders h, byte[] body, VerifierSet keys) {
        try {
            MessageVerifier.verify("POST", path, client, h, body, keys);
        } catch (VerificationException e) {
            return e.reason();
        }
        return null;
    }

    @Test
    void theUntamperedMessageVerifies() {
        assertThat(MessageVerifier.verify("POST", PATH, CLIENT, new SignedHeaders(CLIENT, TIME, GOOD), BODY, KEYS))
                .isEqualTo(new VerifiedMessage(1, SignatureAlgorithm.RSA256));
    }

    @Test
    void changingAnySingleByteOfTheBodyFails() {
        for (int i = 0; i < BODY.length; i++) {
            byte[] t = BODY.clone();
            t[i] ^= 0x01;
            assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, GOOD), t, KEYS))
                    .as("body byte %d flipped", i)
                    .isEqualTo(Reason.BAD_SIGNATURE);
        }
        byte[] longer = java.util.Arrays.copyOf(BODY, BODY.length + 1);
        longer[BODY.length] = '\n';
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, GOOD), longer, KEYS))
                .as("trailing newline")
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void changingAnySingleCharacterOfPathClientIdOrTimeFails() {
        for (int i = 0; i < PATH.length(); i++) {
            assertThat(reject(tweak(PATH, i), CLIENT, new SignedHeaders(CLIENT, TIME, GOOD), BODY, KEYS))
                    .as("path char %d", i)
                    .isEqualTo(Reason.BAD_SIGNATURE);
        }
        for (int i = 0; i < CLIENT.length(); i++) {
            String c = tweak(CLIENT, i);
            assertThat(reject(PATH, c, new SignedHeaders(c, TIME, GOOD), BODY, KEYS))
                    .as("client id char %d", i)
                    .isEqualTo(Reason.BAD_SIGNATURE);
        }
        for (int i = 0; i < TIME.length(); i++) {
            assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, tweak(TIME, i), GOOD), BODY, KEYS))
                    .as("time char %d", i)
                    .isEqualTo(Reason.BAD_SIGNATURE);
        }
    }

    /** Changes one printable ASCII character to another printable one (not a space). */
    private static String tweak(String s, int i) {
        char c = s.charAt(i);
        char t = (char) (c == '~' ? '}' : c + 1);
        return s.substring(0, i) + t + s.substring(i + 1);
    }

    @Test
    void keyVersionSelectsTheKeyAndAbsentMeansLatest() {
        String v2 = sign(ALIPAY_V2, PATH, CLIENT, TIME, BODY);
        assertThat(MessageVerifier.verify("POST", PATH, CLIENT, new SignedHeaders(CLIENT, TIME, v2), BODY, KEYS)
                        .keyVersion())
                .isEqualTo(2);

        String v2Unversioned = v2.replace("keyVersion=2,", "");
        assertThat(MessageVerifier.verify(
                                "POST", PATH, CLIENT, new SignedHeaders(CLIENT, TIME, v2Unversioned), BODY, KEYS)
                        .keyVersion())
                .as("no keyVersion: the latest enabled key")
                .isEqualTo(2);

        String v1Claiming2 = GOOD.replace("keyVersion=1", "keyVersion=2");
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, v1Claiming2), BODY, KEYS))
                .as("the named key is used, never another")
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(reject(
                        PATH,
                        CLIENT,
                        new SignedHeaders(CLIENT, TIME, GOOD.replace("keyVersion=1", "keyVersion=7")),
                        BODY,
                        KEYS))
                .isEqualTo(Reason.UNKNOWN_KEY_VERSION);
    }

    @Test
    void failsClosedOnMissingOrMismatchedParts() {
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, null), BODY, KEYS))
                .isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, "  "), BODY, KEYS))
                .isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, "algorithm=RSA256,keyVersion=1"), BODY, KEYS))
                .isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, null, GOOD), BODY, KEYS))
                .isEqualTo(Reason.MISSING_TIME);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, "", GOOD), BODY, KEYS))
                .isEqualTo(Reason.MISSING_TIME);
        assertThat(reject(PATH, CLIENT, new SignedHeaders("TEST_OTHER", TIME, GOOD), BODY, KEYS))
                .isEqualTo(Reason.CLIENT_ID_MISMATCH);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(null, TIME, GOOD), BODY, KEYS))
                .as("an absent client-id header is allowed: the signature covers the expected id")
                .isNull();
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, GOOD.replace("RSA256", "ECC224")), BODY, KEYS))
                .isEqualTo(Reason.ALGORITHM_MISMATCH);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, GOOD.replace("RSA256", "HS256")), BODY, KEYS))
                .isEqualTo(Reason.ALGORITHM_MISMATCH);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, GOOD + "%"), BODY, KEYS))
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, "garbage"), BODY, KEYS))
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, "12\n34", GOOD), BODY, KEYS))
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reject(
                        PATH,
                        CLIENT,
                        new SignedHeaders(CLIENT, TIME, "algorithm=RSA256,keyVersion=1,signature=AAAA"),
                        BODY,
                        KEYS))
                .as("a well-formed but short signature")
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void ecc224SignsAndVerifiesWithItsOwnAlgorithmOnly() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC", CryptoProvider.bouncyCastleProvider());
        gen.initialize(new ECGenParameterSpec("secp224r1"));
        var pair = gen.generateKeyPair();
        JcaSigner signer = JcaSigner.create(CLIENT, 1, SignatureAlgorithm.ECC224, pair.getPrivate(), P);
        VerifierSet keys = VerifierSet.of(JcaVerifier.create(1, SignatureAlgorithm.ECC224, pair.getPublic(), P));
        String header = sign(signer, PATH, CLIENT, TIME, BODY);

        assertThat(header).startsWith("algorithm=ECC224,keyVersion=1,signature=");
        assertThat(MessageVerifier.verify("POST", PATH, CLIENT, new SignedHeaders(CLIENT, TIME, header), BODY, keys)
                        .algorithm())
                .isEqualTo(SignatureAlgorithm.ECC224);
        assertThat(reject(
                        PATH, CLIENT, new SignedHeaders(CLIENT, TIME, header.replace("ECC224", "RSA256")), BODY, keys))
                .isEqualTo(Reason.ALGORITHM_MISMATCH);
        byte[] t = BODY.clone();
        t[0] ^= 1;
        assertThat(reject(PATH, CLIENT, new SignedHeaders(CLIENT, TIME, header), t, keys))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void verifierSetRejectsDuplicatesAndEmptiness() {
        var v = JcaVerifier.create(1, SignatureAlgorithm.RSA256, Vectors.publicKey("alipay-1"), P);
        assertThatThrownBy(() -> VerifierSet.of(List.of(v, v))).hasMessageContaining("duplicate key version 1");
        assertThatThrownBy(() -> VerifierSet.of(List.of())).hasMessageContaining("at least one");
        assertThat(KEYS.versions()).containsExactly(1, 2);
    }
}
