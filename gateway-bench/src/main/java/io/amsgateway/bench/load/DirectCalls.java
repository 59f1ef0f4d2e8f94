package io.amsgateway.bench.load;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.SignContent;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.core.protocol.SignedHeaders;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.jspecify.annotations.Nullable;

/**
 * Mode {@code direct}: the caller talks to the simulator itself, as a service using the official
 * SDK does. It signs each request in-process with the JDK provider (a fresh {@link Signature} per
 * call, no self-verification) and verifies each answer with the JDK provider and the strict rule
 * of {@link MessageVerifier}. The sandbox client id means the sandbox path, as the SDK sends it.
 *
 * <p>Mode {@code nginx} sends exactly the same through {@link NginxProxy} (plain HTTP to nginx,
 * which forwards over TLS), so the simulator does the same work and nginx only proxies.
 */
final class DirectCalls implements CallFactory {
    static final String TARGET = "/ams/sandbox/api/v1/payments/pay";
    private static final SignatureAlgorithm RSA256 = SignatureAlgorithm.RSA256;

    private final PayBodies bodies;
    private final String clientId;
    private final PrivateKey merchantKey;
    private final VerifierSet alipayKeys;
    private final CryptoProvider jdk = CryptoProvider.jdk();
    private final String host;
    private final String mode;

    DirectCalls(PayBodies bodies, String clientId, PrivateKey merchantKey, PublicKey alipayKey, int port) {
        this("direct", bodies, clientId, merchantKey, alipayKey, port);
    }

    /**
     * @param mode the mode's name in reports ({@code direct}, or {@code nginx} through nginx)
     * @param port the port the requests go to (their {@code Host} header)
     */
    DirectCalls(String mode, PayBodies bodies, String clientId, PrivateKey merchantKey, PublicKey alipayKey, int port) {
        this.mode = mode;
        this.bodies = bodies;
        this.clientId = clientId;
        this.merchantKey = merchantKey;
        this.alipayKeys = VerifierSet.of(JcaVerifier.create(1, RSA256, alipayKey, jdk));
        this.host = "127.0.0.1:" + port;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public int bodySize() {
        return bodies.size();
    }

    @Override
    public FullHttpRequest request(long seq) {
        byte[] body = bodies.body(seq);
        String time = Long.toString(System.currentTimeMillis());
        byte[] signature;
        try {
            Signature s = jdk.newSignature(RSA256);
            s.initSign(merchantKey);
            s.update(SignContent.build("POST", TARGET, clientId, time, body));
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
        FullHttpRequest r =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, TARGET, Unpooled.wrappedBuffer(body));
        r.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .set("Client-Id", clientId)
                .set("Request-Time", time)
                .set(SignatureHeader.NAME, SignatureHeader.format(RSA256, 1, signature))
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    @Override
    public @Nullable String check(FullHttpResponse response) {
        byte[] body = Answers.body(response);
        if (response.status().code() == 200) {
            HttpHeaders h = response.headers();
            try {
                MessageVerifier.verify(
                        "POST",
                        TARGET,
                        clientId,
                        new SignedHeaders(h.get("client-id"), h.get("response-time"), h.get("signature")),
                        body,
                        alipayKeys);
            } catch (VerificationException e) {
                return "verify-" + e.reason();
            }
        }
        return Answers.success(response.status().code(), body);
    }
}
