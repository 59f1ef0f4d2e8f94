package io.amsgateway.core.protocol;

import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerificationException.Reason;
import io.amsgateway.core.crypto.Verifier;
import io.amsgateway.core.crypto.VerifierSet;
import java.util.Objects;

/**
 * Verifies what Alipay sends: synchronous responses (docs/protocol.md, "Content to sign") and notifications ("Notifications"),
 * with the strict rule (docs/protocol.md, "Header grammar"). It fails closed where the official SDK fails open: a missing or
 * empty signature or time is a rejection, never a skip.
 *
 * <p>The content verified is {@code POST <request-target>\n<expected client id>.<time>.<body>}:
 * for a response the request-target and client id are those of the request that was sent; for a
 * notification, the path (and query) of the notify URL it was posted to and the client id it is
 * for. A {@code client-id} header that differs from the expected one is rejected; an absent one is
 * allowed, since the signature covers the expected id anyway. The key is chosen by the header's
 * {@code keyVersion} (the latest enabled one when absent); a given {@code algorithm} must match
 * that key's.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageVerifier {
    private MessageVerifier() {}

    /**
     * Verifies a signed message.
     *
     * @param method the HTTP method of the signed exchange ({@code POST})
     * @param requestTarget the request's path and query exactly as sent
     * @param expectedClientId the client id the message must be for
     * @param headers the message's {@code client-id}, time and {@code signature} headers
     * @param body the exact body bytes as received
     * @param keys the peer's enabled public keys
     * @return which key version verified
     * @throws VerificationException with the reason for any failure
     */
    public static VerifiedMessage verify(
            String method,
            String requestTarget,
            String expectedClientId,
            SignedHeaders headers,
            byte[] body,
            VerifierSet keys) {
        Objects.requireNonNull(body, "body");
        String rawSignature = headers.signature();
        if (rawSignature == null || rawSignature.isBlank()) {
            throw new VerificationException(Reason.MISSING_SIGNATURE, "signature header is missing");
        }
        SignatureHeader header;
        try {
            header = SignatureHeader.parse(rawSignature);
        } catch (MalformedMessageException e) {
            throw new VerificationException(Reason.MALFORMED_HEADER, e.getMessage());
        }
        if (header.signature() == null || header.signature().isEmpty()) {
            throw new VerificationException(Reason.MISSING_SIGNATURE, "signature header has no signature value");
        }
        String time = headers.time();
        if (time == null || time.isEmpty()) {
            throw new VerificationException(Reason.MISSING_TIME, "time header is missing");
        }
        String clientId = headers.clientId();
        if (clientId != null && !clientId.equals(expectedClientId)) {
            throw new VerificationException(
                    Reason.CLIENT_ID_MISMATCH, "client-id header differs from the expected client id");
        }
        Verifier verifier = keys.select(header.keyVersion());
        if (header.algorithm() != null) {
            SignatureAlgorithm named;
            try {
                named = SignatureHeader.algorithmOf(header.algorithm());
            } catch (MalformedMessageException e) {
                throw new VerificationException(Reason.ALGORITHM_MISMATCH, e.getMessage());
            }
            if (named != verifier.algorithm()) {
                throw new VerificationException(
                        Reason.ALGORITHM_MISMATCH,
                        "signature algorithm " + named + " differs from key version " + verifier.keyVersion() + "'s "
                                + verifier.algorithm());
            }
        }
        byte[] signature;
        byte[] content;
        try {
            signature = header.signatureBytes();
            content = SignContent.received(method, requestTarget, expectedClientId, time, body);
        } catch (MalformedMessageException e) {
            throw new VerificationException(Reason.MALFORMED_HEADER, e.getMessage());
        }
        verifier.verify(content, signature);
        return new VerifiedMessage(verifier.keyVersion(), verifier.algorithm());
    }

    /** Verifies a notification: {@link #verify} with method {@code POST}. */
    public static VerifiedMessage verifyNotification(
            String notifyTarget, String expectedClientId, SignedHeaders headers, byte[] body, VerifierSet keys) {
        return verify("POST", notifyTarget, expectedClientId, headers, body, keys);
    }
}
