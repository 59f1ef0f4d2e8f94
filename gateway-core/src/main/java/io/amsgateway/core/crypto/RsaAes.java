package io.amsgateway.core.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA_AES message encryption as Ant Group's ZOLOZ gateway does it (docs/protocol.md, "RSA_AES
 * encryption"): the cryptography only; {@code io.amsgateway.core.protocol.EncryptedMessages}
 * carries the wrapped key in the {@code Encrypt} header.
 *
 * <p><b>Unconfirmed for AMS.</b> No official AMS SDK implements the {@code Encrypt} header; this
 * mirrors the only fully written-out description found, is checked against the interop vectors,
 * and is off by default per client. Confirm with Antom before enabling it in production.
 *
 * <p>Sender: a random AES key (256 bits by default); body = base64(AES/ECB/PKCS5Padding(key,
 * plaintext)); wrapped key = RSA/ECB/PKCS1Padding(recipient public key, key), sent in the {@code
 * Encrypt} header; then sign the encrypted body. Receiver: verify the signature over the encrypted
 * body first, then {@link #decrypt}.
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
     * @param wrappedKey the AES key encrypted with the recipient's RSA public key
     */
    public record Encrypted(byte[] body, byte[] wrappedKey) {}

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
            return new Encrypted(body, rsa.doFinal(aesKey));
        } catch (GeneralSecurityException e) {
            throw new EncryptionException(
                    "RSA_AES encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Decrypts a message whose AES key came wrapped as {@code wrappedKey}, with the recipient's
     * private key.
     *
     * @throws EncryptionException if the wrapped key, the private key or the body is wrong
     */
    public static byte[] decrypt(byte[] wrappedKey, byte[] body, PrivateKey recipient) {
        byte[] aesKey = unwrapKey(wrappedKey, recipient);
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

    /** The AES key {@code wrapped}, decrypted with the recipient's private key. */
    public static byte[] unwrapKey(byte[] wrapped, PrivateKey recipient) {
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
}
