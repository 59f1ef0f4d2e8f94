package io.amsgateway.server.pipeline;

import io.amsgateway.server.caller.CallerConnection;
import io.amsgateway.server.caller.ListenerKind;
import io.amsgateway.server.caller.ListenerTls;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * One listener callers connect to: its kind (loopback, network, Unix socket), its name in the
 * audit record ({@code tcp}, {@code tls}, {@code unix}) and its TLS, if it speaks TLS.
 *
 * @param kind decides whether a caller that presents nothing is {@code local}
 * @param name the listener's name for the record
 * @param tls the listener's TLS (first in the pipeline), or null for plain HTTP
 */
public record CallerListener(ListenerKind kind, String name, @Nullable ListenerTls tls) {

    /** A plain-HTTP listener on {@code host}: {@code tcp}, loopback or network by its address. */
    public static CallerListener plain(String host) {
        return new CallerListener(ListenerKind.ofHost(host), "tcp", null);
    }

    /**
     * What the caller edge knows about {@code ch}: read once the TLS handshake is done (the first
     * request on a TLS connection is only decoded after it), so the peer certificate is the one
     * the handshake verified.
     */
    CallerConnection connection(Channel ch) {
        X509Certificate peer = null;
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl != null) {
            try {
                Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
                peer = chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
            } catch (SSLPeerUnverifiedException e) {
                peer = null; // no certificate (client-auth none or optional)
            }
        }
        return new CallerConnection(kind, name, address(ch.remoteAddress()), peer);
    }

    private static String address(@Nullable SocketAddress a) {
        if (a instanceof InetSocketAddress in) {
            String host = in.getAddress() != null ? in.getAddress().getHostAddress() : in.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + in.getPort();
        }
        return a == null || a.getClass().getSimpleName().contains("Domain") ? "unix" : a.toString();
    }
}
