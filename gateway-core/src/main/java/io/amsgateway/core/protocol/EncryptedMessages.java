package io.amsgateway.core.protocol;

import io.amsgateway.core.crypto.EncryptionException;
import io.amsgateway.core.crypto.RsaAes;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * RSA_AES messages on the wire (docs/protocol.md, "RSA_AES encryption"): {@link RsaAes} does the
 * cryptography, this class carries its wrapped key in the {@code Encrypt} header. Unconfirmed for
 * AMS; see {@link RsaAes}. Stateless and thread-safe.
 */
public final class EncryptedMessages {
    private EncryptedMessages() {}

    /**
     * An encrypted message ready to send.
     *
     * @param body the HTTP body: ASCII base64 of the AES ciphertext
     * @param encryptHeader the {@code Encrypt} header value
     */
    public record Encrypted(byte[] body, String encryptHeader) {}

    /** Encrypts {@code plaintext} for {@code recipient} with a fresh AES key of {@code aesBits}. */
    public static Encrypted encrypt(byte[] plaintext, PublicKey recipient, int aesBits, SecureRandom random) {
        RsaAes.Encrypted e = RsaAes.encrypt(plaintext, recipient, aesBits, random);
        return new Encrypted(e.body(), EncryptHeader.format(e.wrappedKey()));
    }

    /**
     * Decrypts a message that carried {@code encryptHeader}, with the recipient's private key.
     *
     * @throws EncryptionException if the header, the key or the body is wrong
     */
    public static byte[] decrypt(String encryptHeader, byte[] body, PrivateKey recipient) {
        return RsaAes.decrypt(wrappedKey(encryptHeader), body, recipient);
    }

    /** Decrypts to text; the plaintext of an AMS message is UTF-8 JSON. */
    public static String decryptToString(String encryptHeader, byte[] body, PrivateKey recipient) {
        return new String(decrypt(encryptHeader, body, recipient), StandardCharsets.UTF_8);
    }

    /** The AES key carried by {@code encryptHeader}, decrypted with the recipient's private key. */
    public static byte[] unwrapKey(String encryptHeader, PrivateKey recipient) {
        return RsaAes.unwrapKey(wrappedKey(encryptHeader), recipient);
    }

    private static byte[] wrappedKey(String encryptHeader) {
        try {
            return EncryptHeader.parse(encryptHeader).symmetricKeyBytes();
        } catch (MalformedMessageException e) {
            throw new EncryptionException(e.getMessage());
        }
    }
}
