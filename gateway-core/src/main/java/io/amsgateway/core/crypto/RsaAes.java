package io.amsgateway.core.crypto;

import io.amsgateway.core.protocol.EncryptHeader;
import io.amsgateway.core.protocol.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA_AES message encryption as Ant Group's ZOLOZ gateway does it (PROTOCOL.md §7.2).
 *
 * <p><b>Unconfirmed for AMS.</b> No official AMS SDK implements the {@code Encrypt} header; this
 * mirrors the only fully written-out description found, is checked against the interop vectors,
 * and is off by default per client. Confirm with Antom before enabling it in production.
 *
 * <p>Sender: a random AES key (256 bits by default); body = base64(AES/ECB/PKCS5Padding(key,
 * plaintext)); {@code Encrypt: algorithm=RSA_AES, symmetricKey=<URL-encoded base64(
 * RSA/ECB/PKCS1Padding(recipient public key, key))>}; then sign the encrypted body. Receiver:
 * verify the signature over the encrypted body first, then {@link #decrypt}.
 *
 * <p>ECB is what the reference uses, not a choice this project would make; it is kept because
 * interoperability is the only reason this class exists. Stateless and thread-safe.
 */
public final class RsaAes {
    /** The content type of an encrypted body. */
    public static final String CONTENT_TYPE = "text/plain; charset=UTF-8";

    private static final String AES = "AES/ECB/PKCS5Padding";
    private static final String RSA = "RSA/ECB/PKCS1Padding";

    private RsaAes() {}

    /**
     * An encrypted message.
     *
     * @param body the HTTP body: ASCII base64 of the AES ciphertext
     * @param encryptHeader the {@code Encrypt} header value
     */
    public record Encrypted(byte[] body, String encryptHeader) {}

    /** Encrypts {@code plaintext} for {@code recipient} with a fresh AES key of {@code aesBits}. */
    public static Encrypted encrypt(byte[] plaintext, PublicKey recipient, int aesBits, SecureRandom random) {
        if (aesBits != 128 && aesBits != 192 && aesBits != 256) {
            throw new IllegalArgumentException("AES key size must be 128, 192 or 256 bits");
        }
        byte[] aesKey = new byte[aesBits / 8];
        random.nextBytes(aesKey);
        try {
            Cipher aes = Cipher.getInstance(AES);
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            byte[] body = Base64.getEncoder().encode(aes.doFinal(plaintext));
            Cipher rsa = Cipher.getInstance(RSA);
            rsa.init(Cipher.ENCRYPT_MODE, recipient, random);
            return new Encrypted(body, EncryptHeader.format(rsa.doFinal(aesKey)));
        } catch (GeneralSecurityException e) {
            throw new EncryptionException(
                    "RSA_AES encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Decrypts a message that carried {@code encryptHeader}, with the recipient's private key.
     *
     * @throws EncryptionException if the header, the key or the body is wrong
     */
    public static byte[] decrypt(String encryptHeader, byte[] body, PrivateKey recipient) {
        byte[] aesKey = unwrapKey(encryptHeader, recipient);
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new EncryptionException("encrypted body is not standard base64");
        }
        try {
            Cipher aes = Cipher.getInstance(AES);
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            return aes.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("encrypted body does not decrypt with the symmetric key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The AES key carried by {@code encryptHeader}, decrypted with the recipient's private key. */
    public static byte[] unwrapKey(String encryptHeader, PrivateKey recipient) {
        byte[] wrapped;
        try {
            wrapped = EncryptHeader.parse(encryptHeader).symmetricKeyBytes();
        } catch (MalformedMessageException e) {
            throw new EncryptionException(e.getMessage());
        }
        byte[] aesKey;
        try {
            Cipher rsa = Cipher.getInstance(RSA);
            rsa.init(Cipher.DECRYPT_MODE, recipient);
            aesKey = rsa.doFinal(wrapped);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("symmetricKey does not decrypt with this private key");
        }
        if (aesKey.length != 16 && aesKey.length != 24 && aesKey.length != 32) {
            throw new EncryptionException("symmetricKey decrypts to " + aesKey.length + " bytes, not an AES key");
        }
        return aesKey;
    }

    /** Decrypts to text; the plaintext of an AMS message is UTF-8 JSON. */
    public static String decryptToString(String encryptHeader, byte[] body, PrivateKey recipient) {
        return new String(decrypt(encryptHeader, body, recipient), StandardCharsets.UTF_8);
    }
}
