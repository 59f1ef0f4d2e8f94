package io.amsgateway.core.protocol;

import io.amsgateway.core.crypto.Signer;
import java.util.concurrent.CompletionStage;

/**
 * Signs an outgoing request (docs/protocol.md, "Content to sign"): builds the content from the exact bytes that will
 * be sent and returns the {@code Signature} header value. The caller sends {@code Client-Id} =
 * {@code clientId} and {@code Request-Time} = {@code requestTime}, byte for byte as signed.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestSigning {
    private RequestSigning() {}

    /**
     * The {@code Signature} header value for a request.
     *
     * @throws MalformedMessageException if a part breaks the grammar of {@link SignContent}
     */
    public static CompletionStage<String> signatureHeader(
            Signer signer, String clientId, String method, String requestTarget, String requestTime, byte[] body) {
        byte[] content = SignContent.build(method, requestTarget, clientId, requestTime, body);
        return signer.sign(content)
                .thenApply(sig -> SignatureHeader.format(signer.algorithm(), signer.keyVersion(), sig));
    }
}
