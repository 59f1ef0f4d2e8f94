package io.amsgateway.server.caller;

import java.util.Locale;

/**
 * Who is calling, as {@link CallerIdentifier} established it.
 *
 * <p>{@link #identity()} is what caller rules match and what the audit log records. Each kind has
 * its own form, so that no kind can pose as another:
 *
 * <table>
 *   <caption>identity forms</caption>
 *   <tr><th>kind</th><th>identity</th></tr>
 *   <tr><td>{@code certificate-uri}</td><td>the URI SAN as is: {@code spiffe://cluster.local/ns/shop/sa/checkout}</td></tr>
 *   <tr><td>{@code certificate-dns}</td><td>{@code dns:checkout.shop.svc}</td></tr>
 *   <tr><td>{@code certificate-cn}</td><td>{@code cn:checkout}</td></tr>
 *   <tr><td>{@code bearer-token}</td><td>{@code token:reporting} (the token's configured name)</td></tr>
 *   <tr><td>{@code local}</td><td>{@code local}</td></tr>
 *   <tr><td>{@code anonymous}</td><td>{@code anonymous}</td></tr>
 * </table>
 *
 * @param identity the caller's identity (never a token or key)
 * @param kind how it was established
 * @param listener the listener's name, e.g. {@code tcp} or {@code unix}
 * @param remoteAddress the peer's address as text ({@code 10.0.0.7:51234}), or {@code unix}
 */
public record Caller(String identity, Kind kind, String listener, String remoteAddress) {

    /** The identity of an anonymous caller. */
    public static final String ANONYMOUS = "anonymous";
    /** The identity of a caller on a loopback or Unix-socket listener that presented nothing. */
    public static final String LOCAL = "local";

    /** How an identity was established. */
    public enum Kind {
        CERTIFICATE_URI,
        CERTIFICATE_DNS,
        CERTIFICATE_CN,
        BEARER_TOKEN,
        LOCAL,
        ANONYMOUS;

        /** The name in logs and metrics: {@code certificate-uri}, {@code bearer-token}... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A caller with no identity. */
    public static Caller anonymous(String listener, String remoteAddress) {
        return new Caller(ANONYMOUS, Kind.ANONYMOUS, listener, remoteAddress);
    }

    /** Whether the caller has no identity at all. */
    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }
}
