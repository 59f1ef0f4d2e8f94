package io.amsgateway.server.caller;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.jspecify.annotations.Nullable;

/**
 * Establishes who a caller is (see {@link Caller} for the identity forms), in this order:
 *
 * <ol>
 *   <li>a client certificate that the TLS handshake verified: its URI SAN (exactly one, such as
 *       a SPIFFE ID), else its first DNS SAN, else its subject CN. The {@code Authorization}
 *       header is then not looked at;
 *   <li>an {@code Authorization: Bearer <token>} header, when tokens are configured: the token's
 *       name. A header with a token the gateway does not know (or not a Bearer credential) is
 *       refused: 401 {@code GATEWAY_CALLER_UNAUTHENTICATED}. Without configured tokens the
 *       header is ignored;
 *   <li>{@code local} on a loopback or Unix-socket listener;
 *   <li>else anonymous: {@link CallerPolicy} refuses anonymous callers once rules are configured.
 * </ol>
 *
 * <p>A certificate that yields no usable identity (none of the three, several URI SANs, or
 * characters outside printable ASCII) is refused with 401. Identities that could pose as another
 * kind (a URI SAN {@code token:x}, {@code dns:x}, {@code cn:x}, {@code local} or {@code anonymous})
 * are not used.
 *
 * <p>Immutable and thread-safe; it does no I/O, so it may run on an event loop.
 */
public final class CallerIdentifier {
    /** Printable ASCII without spaces, bounded. */
    private static final Pattern IDENTITY = Pattern.compile("[\\x21-\\x7e]{1,512}");

    private static final Set<String> RESERVED_SCHEMES = Set.of("token", "dns", "cn", "local", "anonymous");
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final BearerTokens tokens;

    public CallerIdentifier(BearerTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Identifies the caller of a connection.
     *
     * @param kind the listener's kind
     * @param listener the listener's name, for the record
     * @param remoteAddress the peer's address as text, for the record
     * @param session the TLS session, if the listener speaks TLS
     * @param authorization the request's {@code Authorization} header, if any
     * @throws GatewayException {@code CALLER_UNAUTHENTICATED} (see the class comment)
     */
    public Caller identify(
            ListenerKind kind,
            String listener,
            String remoteAddress,
            @Nullable SSLSession session,
            @Nullable String authorization) {
        return identify(kind, listener, remoteAddress, peerCertificate(session), authorization);
    }

    /** Like {@link #identify(ListenerKind, String, String, SSLSession, String)}, with the verified peer certificate. */
    public Caller identify(
            ListenerKind kind,
            String listener,
            String remoteAddress,
            @Nullable X509Certificate peer,
            @Nullable String authorization) {
        if (peer != null) {
            return fromCertificate(peer, listener, remoteAddress);
        }
        if (authorization != null && !tokens.isEmpty()) {
            String name = tokens.nameOf(authorization)
                    .orElseThrow(() -> new GatewayException(
                            ErrorCode.CALLER_UNAUTHENTICATED,
                            "the Authorization header carries no bearer token this gateway knows"));
            return new Caller("token:" + name, Caller.Kind.BEARER_TOKEN, listener, remoteAddress);
        }
        if (kind.local()) {
            return new Caller(Caller.LOCAL, Caller.Kind.LOCAL, listener, remoteAddress);
        }
        return Caller.anonymous(listener, remoteAddress);
    }

    /** The verified peer's leaf certificate, or null when the peer sent none (or there is no TLS). */
    static @Nullable X509Certificate peerCertificate(@Nullable SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static Caller fromCertificate(X509Certificate cert, String listener, String remote) {
        List<String> uris = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw unauthenticated("the client certificate's subject alternative names cannot be read");
        }
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() >= 2 && san.get(0) instanceof Integer type && san.get(1) instanceof String value) {
                    if (type == SAN_URI && !reserved(value)) {
                        uris.add(value);
                    } else if (type == SAN_DNS) {
                        dns.add(value);
                    }
                }
            }
        }
        if (uris.size() > 1) {
            throw unauthenticated("the client certificate has " + uris.size()
                    + " URI subject alternative names; exactly one identity is expected");
        }
        if (uris.size() == 1) {
            return checked(uris.get(0), Caller.Kind.CERTIFICATE_URI, listener, remote);
        }
        if (!dns.isEmpty()) {
            return checked("dns:" + dns.get(0).toLowerCase(Locale.ROOT), Caller.Kind.CERTIFICATE_DNS, listener, remote);
        }
        Optional<String> cn = commonName(cert);
        if (cn.isPresent()) {
            return checked("cn:" + cn.get(), Caller.Kind.CERTIFICATE_CN, listener, remote);
        }
        throw unauthenticated("the client certificate names no identity (no URI or DNS SAN, no subject CN)");
    }

    private static boolean reserved(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 || RESERVED_SCHEMES.contains(uri.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    private static Optional<String> commonName(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            if (rdn.getFirst() != null) {
                var value = rdn.getFirst().getValue();
                return Optional.of(
                        value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value));
            }
        }
        return Optional.empty();
    }

    private static Caller checked(String identity, Caller.Kind kind, String listener, String remote) {
        if (!IDENTITY.matcher(identity).matches()) {
            throw unauthenticated("the client certificate's identity is not printable ASCII without spaces"
                    + " (at most 512 characters)");
        }
        return new Caller(identity, kind, listener, remote);
    }

    private static GatewayException unauthenticated(String message) {
        return new GatewayException(ErrorCode.CALLER_UNAUTHENTICATED, message);
    }
}
