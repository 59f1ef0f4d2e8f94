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
 * ({@code INVALID_SIGNATURE}, which also covers a missing or malformed signature or request time:
 * {@code Request-Time} must be epoch milliseconds or ISO-8601/RFC 3339 with an offset, e.g. {@code
 * 2019-04-04T12:08:56.253+05:30}). A request with {@code Authorization: Bearer <key>} is an API-key
 * call instead, checked by {@link #checkApiKey}.
 * RSA_AES bodies are then decrypted with the simulator's private key.
 *
 * <p>Verification is gateway-core's {@link MessageVerifier}, applied from the other side. Immutable
 * and thread-safe.
 */
final class RequestChecker {
    private static final String BEARER = "Bearer ";

    private final MerchantRegistry merchants;
    private final PrivateKey alipayPrivateKey;
    private final java.util.Set<String> apiKeys;
    private final java.util.Set<String> revokedApiKeys;

    RequestChecker(MerchantRegistry merchants, PrivateKey alipayPrivateKey) {
        this(merchants, alipayPrivateKey, java.util.Set.of(), java.util.Set.of());
    }

    RequestChecker(
            MerchantRegistry merchants,
            PrivateKey alipayPrivateKey,
            java.util.Set<String> apiKeys,
            java.util.Set<String> revokedApiKeys) {
        this.merchants = merchants;
        this.alipayPrivateKey = alipayPrivateKey;
        this.apiKeys = java.util.Set.copyOf(apiKeys);
        this.revokedApiKeys = java.util.Set.copyOf(revokedApiKeys);
    }

    /**
     * Checks an API-key request ({@code Authorization: Bearer <key>}, nothing signed): a JSON body,
     * a key Alipay issued and has not revoked ({@code INVALID_API_KEY}), its {@code TEST}/{@code
     * PROD} part matching the sandbox/production path ({@code ACCESS_DENIED}), and no {@code
     * Agent-Token}. The key's middle part names the client id. Answers are not signed.
     */
    private CheckedRequest checkApiKey(InboundRequest in, String media) {
        if (!"application/json".equals(media) || in.encrypt() != null) {
            throw new AmsRejection(AmsRejection.MEDIA_TYPE_NOT_ACCEPTABLE);
        }
        String auth = in.authorization();
        String key = auth.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? auth.substring(BEARER.length()).trim()
                : "";
        if (revokedApiKeys.contains(key) || !apiKeys.contains(key)) {
            throw new AmsRejection(AmsRejection.INVALID_API_KEY);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:isak|irak)_(TEST|PROD)_(.+)")
                .matcher(key);
        String clientId = null;
        boolean test = false;
        if (m.matches()) {
            test = "TEST".equals(m.group(1));
            String rest = m.group(2);
            // The client id part is base64url (which may hold '_'): the longest prefix that decodes.
            for (int i = rest.lastIndexOf('_'); i > 0 && clientId == null; i = rest.lastIndexOf('_', i - 1)) {
                try {
                    clientId = new String(
                            java.util.Base64.getUrlDecoder().decode(rest.substring(0, i)),
                            java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException notBase64) {
                    clientId = null;
                }
            }
        }
        if (clientId == null) {
            throw new AmsRejection(AmsRejection.INVALID_API_KEY);
        }
        if (in.clientId() != null && !in.clientId().equals(clientId)) {
            throw new AmsRejection(AmsRejection.CLIENT_INVALID);
        }
        if (in.signature() != null) {
            throw new AmsRejection(AmsRejection.INVALID_SIGNATURE);
        }
        if (test != in.target().startsWith("/ams/sandbox/api/")) {
            throw new AmsRejection(AmsRejection.API_KEY_ENVIRONMENT_MISMATCH);
        }
        if (in.agentToken() != null) {
            throw new AmsRejection(AmsRejection.API_KEY_WITH_AGENT_TOKEN);
        }
        return new CheckedRequest(clientId, -1, in.body(), null, true);
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
        if (in.authorization() != null) {
            return checkApiKey(in, media);
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
        if (io.amsgateway.core.protocol.RequestTimes.epochMillis(in.requestTime())
                .isEmpty()) {
            // Signed as sent, but not a time Alipay reads: epoch milliseconds or ISO-8601/RFC 3339.
            throw new AmsRejection(AmsRejection.INVALID_SIGNATURE);
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
