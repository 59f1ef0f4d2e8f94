package io.amsgateway.simulator;

import io.amsgateway.core.crypto.EncryptionException;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.protocol.EncryptedMessages;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Alipay's checks, in the order Alipay applies them (docs/protocol.md, "Content to sign", "Result codes"): POST only ({@code
 * METHOD_NOT_SUPPORTED}); a JSON body, or {@code text/plain} with an {@code Encrypt} header ({@code
 * MEDIA_TYPE_NOT_ACCEPTABLE}); a known client id ({@code CLIENT_INVALID}); a known key version
 * ({@code KEY_NOT_FOUND}); a signature valid over the exact request-target and bytes received
 * ({@code INVALID_SIGNATURE}, which also covers a missing or malformed signature or request time).
 * RSA_AES bodies are then decrypted with the simulator's private key.
 *
 * <p>Verification is gateway-core's {@link MessageVerifier}, applied from the other side. Immutable
 * and thread-safe.
 */
final class RequestChecker {
    private final MerchantRegistry merchants;
    private final PrivateKey alipayPrivateKey;

    RequestChecker(MerchantRegistry merchants, PrivateKey alipayPrivateKey) {
        this.merchants = merchants;
        this.alipayPrivateKey = alipayPrivateKey;
    }

    /**
     * Checks a request.
     *
     * @throws AmsRejection with the result to answer
     */
    CheckedRequest check(InboundRequest in) {
        if (!"POST".equals(in.method())) {
            throw new AmsRejection(AmsRejection.METHOD_NOT_SUPPORTED);
        }
        String media = mediaType(in.contentType());
        boolean encrypted = in.encrypt() != null;
        if (!"application/json".equals(media) && !(encrypted && "text/plain".equals(media))) {
            throw new AmsRejection(AmsRejection.MEDIA_TYPE_NOT_ACCEPTABLE);
        }
        String clientId = in.clientId();
        MerchantRegistry.Merchant merchant = clientId == null ? null : merchants.find(clientId);
        if (clientId == null || merchant == null) {
            throw new AmsRejection(AmsRejection.CLIENT_INVALID);
        }
        VerifiedMessage verified;
        try {
            verified = MessageVerifier.verify(
                    in.method(),
                    in.target(),
                    clientId,
                    new SignedHeaders(clientId, in.requestTime(), in.signature()),
                    in.body(),
                    merchant.verifiers());
        } catch (VerificationException e) {
            throw new AmsRejection(
                    e.reason() == VerificationException.Reason.UNKNOWN_KEY_VERSION
                            ? AmsRejection.KEY_NOT_FOUND
                            : AmsRejection.INVALID_SIGNATURE);
        }
        if (!encrypted) {
            return new CheckedRequest(clientId, verified.keyVersion(), in.body(), null);
        }
        PublicKey merchantKey = merchant.keys().get(verified.keyVersion());
        try {
            byte[] plain = EncryptedMessages.decrypt(in.encrypt(), in.body(), alipayPrivateKey);
            return new CheckedRequest(clientId, verified.keyVersion(), plain, merchantKey);
        } catch (EncryptionException e) {
            throw new AmsRejection(AmsRejection.DECRYPTION_FAILED);
        }
    }

    /** The media type without parameters, lower-case, or null. */
    static @Nullable String mediaType(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
