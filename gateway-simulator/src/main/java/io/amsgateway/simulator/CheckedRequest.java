package io.amsgateway.simulator;

import java.security.PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * A request that passed every check: its signature verified and, if it was encrypted, its body is
 * now the plaintext.
 *
 * @param clientId the verified client id
 * @param keyVersion the merchant key version whose signature verified
 * @param body the JSON body (decrypted if it was encrypted)
 * @param encryptResponseFor the merchant key to encrypt the response for, or null when the request
 *     was not encrypted
 * @param apiKey whether the request was authenticated with an API key (then nothing was signed,
 *     {@code keyVersion} is -1 and the answer is not signed either)
 */
record CheckedRequest(
        String clientId, int keyVersion, byte[] body, @Nullable PublicKey encryptResponseFor, boolean apiKey) {
    CheckedRequest(String clientId, int keyVersion, byte[] body, @Nullable PublicKey encryptResponseFor) {
        this(clientId, keyVersion, body, encryptResponseFor, false);
    }
}
