package io.amsgateway.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.testing.Vectors;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemKeysTest {
    private static final String PKCS8 =
            Vectors.key("merchant-1").get("privateKeyPkcs8Base64").asText();
    private static final String PKCS1 =
            Vectors.key("merchant-1").get("privateKeyPkcs1Base64").asText();
    private static final String SPKI =
            Vectors.key("merchant-1").get("publicKeySpkiBase64").asText();

    static String pem(String type, String base64) {
        return "-----BEGIN " + type + "-----\n" + base64.replaceAll("(.{64})", "$1\n") + "\n-----END " + type
                + "-----\n";
    }

    static String pem(Object o) throws Exception {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    @Test
    void everyPrivateFormOfOneKeyParsesToTheSameKey() {
        byte[] expected = Base64.getDecoder().decode(PKCS8);
        for (String form : new String[] {
            PKCS8,
            PKCS1,
            pem("PRIVATE KEY", PKCS8),
            pem("RSA PRIVATE KEY", PKCS1),
            "\n  " + PKCS8.substring(0, 100) + "\n" + PKCS8.substring(100) + "  \n"
        }) {
            assertThat(PemKeys.privateKey(form).getEncoded()).isEqualTo(expected);
        }
    }

    @Test
    void everyPublicFormParses() throws Exception {
        byte[] expected = Base64.getDecoder().decode(SPKI);
        assertThat(PemKeys.publicKey(SPKI).getEncoded()).isEqualTo(expected);
        assertThat(PemKeys.publicKey(pem("PUBLIC KEY", SPKI)).getEncoded()).isEqualTo(expected);

        PublicKey pub = PemKeys.publicKey(SPKI);
        java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) pub;
        String pkcs1Pub = Base64.getEncoder()
                .encodeToString(new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())
                        .getEncoded());
        assertThat(PemKeys.publicKey(pem("RSA PUBLIC KEY", pkcs1Pub)).getEncoded())
                .isEqualTo(expected);
    }

    @Test
    void certificatesYieldTheirPublicKey() throws Exception {
        PrivateKey priv = PemKeys.privateKey(PKCS8);
        PublicKey pub = PemKeys.publicKey(SPKI);
        var holder = new JcaX509v3CertificateBuilder(
                        new X500Name("CN=alipay-test"),
                        BigInteger.ONE,
                        new Date(),
                        new Date(System.currentTimeMillis() + 86_400_000L),
                        new X500Name("CN=alipay-test"),
                        pub)
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(priv));
        String der = Base64.getEncoder().encodeToString(holder.getEncoded());

        assertThat(PemKeys.publicKey(pem("CERTIFICATE", der)).getEncoded()).isEqualTo(pub.getEncoded());
        assertThat(PemKeys.publicKey(der).getEncoded())
                .as("single-line base64 certificate")
                .isEqualTo(pub.getEncoded());
    }

    @Test
    void ecKeysInOpenSslFormParse() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC", CryptoProvider.bouncyCastleProvider());
        gen.initialize(new ECGenParameterSpec("secp224r1"));
        KeyPair pair = gen.generateKeyPair();
        String sec1 = "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIQ==\n-----END EC PARAMETERS-----\n" + pem(pair);

        assertThat(PemKeys.privateKey(sec1).getAlgorithm()).isIn("EC", "ECDSA");
        assertThat(PemKeys.privateKey(pem(pair.getPrivate())).getEncoded())
                .isEqualTo(pair.getPrivate().getEncoded());
        assertThat(PemKeys.publicKey(pem(pair.getPublic())).getEncoded())
                .isEqualTo(pair.getPublic().getEncoded());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "not a key",
                "MIIB",
                "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\nAAAA",
                "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
                "\u00e9\u00e9\u00e9\u00e9",
                "-----BEGIN PRIVATE KEY-----\n\u00e9\u00e9\n-----END PRIVATE KEY-----\n"
            })
    void garbageIsAKeyFormatException(String text) {
        assertThatThrownBy(() -> PemKeys.privateKey(text)).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PemKeys.publicKey(text)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void truncatedKeysFailWithoutEchoingThem() {
        String truncated = PKCS8.substring(0, PKCS8.length() / 2 / 4 * 4);
        assertThatThrownBy(() -> PemKeys.privateKey(truncated))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("DER")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PKCS8.substring(30, 50)));
        assertThatThrownBy(() -> PemKeys.privateKey(pem("PRIVATE KEY", truncated)))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("malformed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PKCS8.substring(30, 50)));
    }

    @Test
    void hugeInputIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> PemKeys.privateKey("A".repeat(PemKeys.MAX_TEXT_LENGTH + 1)))
                .hasMessageContaining("longer than");
    }

    @Test
    void wrongKindsAndEncryptedKeysAreNamed() {
        assertThatThrownBy(() -> PemKeys.privateKey(pem("PUBLIC KEY", SPKI)))
                .hasMessageContaining("public key or certificate where a private key");
        assertThatThrownBy(() -> PemKeys.publicKey(pem("PRIVATE KEY", PKCS8)))
                .hasMessageContaining("private key where a public key");
        assertThatThrownBy(() -> PemKeys.privateKey(SPKI)).hasMessageContaining("neither a PKCS#8 nor a PKCS#1");
        assertThatThrownBy(() -> PemKeys.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                        + "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIsJ0QOB5oA2cCAggA\n"
                        + "MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBCsmEaTUzcr7qrhJ1M1eV9hBIIB\n"
                        + "YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n"))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void aFileWithSeveralKeysYieldsTheFirst() {
        String other = Vectors.key("merchant-2").get("privateKeyPkcs8Base64").asText();
        String both = pem("PRIVATE KEY", PKCS8) + pem("PRIVATE KEY", other);
        assertThat(PemKeys.privateKey(both).getEncoded())
                .isEqualTo(Base64.getDecoder().decode(PKCS8));
        String chain = pem("PUBLIC KEY", SPKI)
                + pem(
                        "PUBLIC KEY",
                        Vectors.key("alipay-1").get("publicKeySpkiBase64").asText());
        assertThat(PemKeys.publicKey(chain).getEncoded())
                .isEqualTo(Base64.getDecoder().decode(SPKI));
    }
}
