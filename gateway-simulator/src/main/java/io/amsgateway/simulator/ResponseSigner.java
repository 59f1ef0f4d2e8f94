package io.amsgateway.simulator;

import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.protocol.SignContent;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.simulator.ams.AmsTime;
import java.time.Clock;
import java.util.Map;

/**
 * Signs as Alipay does (docs/protocol.md, "Content to sign"): {@code POST <request-target as received>\n<client-id>.
 * <response-time>.<body>} with the simulator's Alipay key, and the headers {@code client-id},
 * {@code response-time} (ISO-8601 with offset, see {@link AmsTime}) and {@code signature}.
 * Notifications are signed the same way with {@code request-time}. Thread-safe.
 */
final class ResponseSigner {
    private final JcaSigner signer;
    private final Clock clock;

    ResponseSigner(JcaSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Adds {@code client-id}, the time header and (unless {@code omitSignature}) {@code signature}.
     *
     * @param timeHeader {@code response-time} or {@code request-time}
     * @param corrupt sign, then flip one bit of the signature (the bad-signature fault)
     * @throws io.amsgateway.core.protocol.MalformedMessageException if the target or client id
     *     cannot be signed (not printable ASCII)
     */
    void sign(
            String target,
            String clientId,
            byte[] body,
            Map<String, String> headers,
            String timeHeader,
            boolean corrupt,
            boolean omitSignature) {
        String time = AmsTime.now(clock);
        byte[] content = SignContent.build("POST", target, clientId, time, body);
        headers.put("client-id", clientId);
        headers.put(timeHeader, time);
        if (omitSignature) {
            return;
        }
        byte[] sig = signer.signNow(content);
        if (corrupt) {
            sig[sig.length / 2] ^= 0x01;
        }
        headers.put("signature", SignatureHeader.format(signer.algorithm(), signer.keyVersion(), sig));
    }
}
