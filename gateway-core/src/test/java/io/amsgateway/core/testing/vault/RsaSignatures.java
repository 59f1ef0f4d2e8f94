package io.amsgateway.core.testing.vault;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * RSA signatures the way Transit makes them: PKCS#1 v1.5 or PSS with the salt length Go's {@code
 * rsa.PSSSaltLengthAuto} gives when signing (the largest that fits, Vault's default {@code
 * salt_length=auto}), over the input or over a digest the caller made ({@code prehashed}).
 */
final class RsaSignatures {
    /** Input the caller got wrong: becomes a 400 with this message (which never holds key material). */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    private record Hash(String jca, String digestInfoPrefixHex) {}

    private static final Map<String, Hash> HASHES = Map.of(
            "sha2-224", new Hash("SHA-224", "302d300d06096086480165030402040500041c"),
            "sha2-256", new Hash("SHA-256", "3031300d060960864801650304020105000420"),
            "sha2-384", new Hash("SHA-384", "3041300d060960864801650304020205000430"),
            "sha2-512", new Hash("SHA-512", "3051300d060960864801650304020305000440"));

    private RsaSignatures() {}

    static byte[] sign(PrivateKey key, String hashName, String algorithm, boolean prehashed, String inputB64)
            throws BadInput {
        Hash hash = HASHES.get(hashName);
        if (hash == null) {
            throw new BadInput("invalid hash algorithm \"" + hashName + "\"");
        }
        byte[] input;
        try {
            input = Base64.getDecoder().decode(inputB64);
        } catch (IllegalArgumentException e) {
            throw new BadInput("unable to decode input as base64");
        }
        try {
            byte[] digest =
                    prehashed ? input : MessageDigest.getInstance(hash.jca).digest(input);
            if (digest.length != MessageDigest.getInstance(hash.jca).getDigestLength()) {
                throw new BadInput("crypto/rsa: input must be hashed message");
            }
            return switch (algorithm) {
                case "pkcs1v15" -> pkcs1v15(key, hash, digest);
                case "pss" -> pss(key, hash, digest, prehashed, input);
                default -> throw new BadInput("unsupported rsa signature algorithm " + algorithm);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    /** DigestInfo + raw RSA: the same bytes as {@code SHA256withRSA}, and it also serves prehashed input. */
    private static byte[] pkcs1v15(PrivateKey key, Hash hash, byte[] digest) throws GeneralSecurityException {
        byte[] prefix = HexFormat.of().parseHex(hash.digestInfoPrefixHex);
        byte[] info = new byte[prefix.length + digest.length];
        System.arraycopy(prefix, 0, info, 0, prefix.length);
        System.arraycopy(digest, 0, info, prefix.length, digest.length);
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initSign(key);
        s.update(info);
        return s.sign();
    }

    private static byte[] pss(PrivateKey key, Hash hash, byte[] digest, boolean prehashed, byte[] input)
            throws GeneralSecurityException, BadInput {
        if (prehashed) {
            // The JDK's RSASSA-PSS hashes its input itself; no prehashed PSS without more machinery.
            throw new BadInput("the fake Vault does not sign prehashed input with pss; use pkcs1v15");
        }
        int emLen = (((RSAKey) key).getModulus().bitLength() - 1 + 7) / 8;
        int saltLen = emLen - 2 - digest.length;
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(hash.jca, "MGF1", new MGF1ParameterSpec(hash.jca), saltLen, 1));
        s.initSign(key);
        s.update(input);
        return s.sign();
    }
}
