package io.amsgateway.server.caller;

import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * What the edge knows about a caller's connection, once its TLS handshake (if any) is done: what
 * {@link CallerIdentifier} needs besides the request's {@code Authorization} header.
 *
 * @param kind the listener's kind (loopback, Unix socket or network)
 * @param listener the listener's name for the record: {@code tcp}, {@code tls} or {@code unix}
 * @param remoteAddress the peer's address as text ({@code 10.0.0.7:51234}), or {@code unix}
 * @param peer the client certificate the handshake verified, or null
 */
public record CallerConnection(
        ListenerKind kind, String listener, String remoteAddress, @Nullable X509Certificate peer) {}
