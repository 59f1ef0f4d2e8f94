package io.amsgateway.core.testing;

import io.amsgateway.core.crypto.PemKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Fresh RSA-2048 test keys, and their text in Alipay's single-line base64 forms. */
public final class TestKeys {
    private TestKeys() {}

    /** A new RSA-2048 key pair. */
    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as single-line base64 PKCS#8 (Alipay's form). */
    public static String privateBase64(KeyPair k) {
        return Base64.getEncoder().encodeToString(k.getPrivate().getEncoded());
    }

    /** The public key as single-line base64 SPKI (Alipay's form). */
    public static String publicBase64(KeyPair k) {
        return Base64.getEncoder().encodeToString(k.getPublic().getEncoded());
    }

    /** The private key as PEM PKCS#8. */
    public static String privatePem(KeyPair k) {
        return pem("PRIVATE KEY", k.getPrivate().getEncoded());
    }

    /** The public key as PEM SPKI. */
    public static String publicPem(KeyPair k) {
        return pem("PUBLIC KEY", k.getPublic().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return PemKeys.pem(type, der);
    }
}
