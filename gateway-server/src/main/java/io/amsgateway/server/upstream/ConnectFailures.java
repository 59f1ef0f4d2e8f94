package io.amsgateway.server.upstream;

import io.amsgateway.server.config.ProxyConfig;
import io.amsgateway.server.config.UpstreamConfig;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The true reason a connection to Alipay could not be set up, in words safe for the caller's
 * answer (host names, ports, the proxy's address and HTTP status; never credentials, never the
 * exception's own text). Every case here means nothing was written to Alipay.
 */
final class ConnectFailures {
    private static final Pattern PROXY_STATUS = Pattern.compile("status: (\\d{3})");

    private ConnectFailures() {}

    /**
     * One failed attempt to set up a connection.
     *
     * @param reason a short label for the {@code gateway_upstream_connect_failures_total} metric,
     *     from a fixed set
     * @param message the caller-safe explanation
     */
    record Failure(String reason, String message) {}

    /** Why the TCP connect (to Alipay, or to the proxy) failed. */
    static Failure describeConnect(UpstreamConfig cfg, Throwable cause) {
        ProxyConfig proxy = cfg.proxy();
        String target = proxy == null ? cfg.host() + ":" + cfg.port() : "the proxy " + proxy.address();
        if (cause instanceof ConnectTimeoutException) {
            return new Failure(
                    "connect_timeout",
                    "cannot connect to " + target + ": the TCP connect did not complete within "
                            + cfg.connectTimeout().toMillis() + " ms (connect-timeout)");
        }
        if (cause instanceof ConnectException) {
            return new Failure("connect_refused", "cannot connect to " + target + ": connection refused");
        }
        if (cause instanceof UnknownHostException) {
            return new Failure("dns", "cannot connect to " + target + ": host name not found");
        }
        return new Failure("connect_failed", "cannot connect to " + target + ": connection failed (see the debug log)");
    }

    /** Why a connected channel did not become ready: the proxy's CONNECT or the TLS handshake. */
    static Failure describeSetup(UpstreamConfig cfg, Throwable cause) {
        if (cause instanceof UpstreamChannelPoolHandler.SetupException e) {
            return new Failure(e.reason(), "cannot connect: " + e.getMessage());
        }
        ProxyConfig proxy = cfg.proxy();
        if (cause instanceof ProxyConnectException && proxy != null) {
            String text = String.valueOf(cause.getMessage());
            Matcher m = PROXY_STATUS.matcher(text);
            String at = "the proxy " + proxy.address() + " ";
            if (m.find()) {
                int status = Integer.parseInt(m.group(1));
                return status == 407 || status == 401 // tinyproxy answers a CONNECT's bad credentials with 401
                        ? new Failure(
                                "proxy_auth",
                                at + "refused the credentials (HTTP 407): check "
                                        + proxy.source().replace(".url", "") + " username and password-file")
                        : new Failure(
                                "proxy_refused",
                                at + "refused the tunnel to " + cfg.host() + ":" + cfg.port() + " (HTTP " + status
                                        + ")");
            }
            return new Failure(
                    "proxy_closed",
                    at + "closed the connection before opening the tunnel to " + cfg.host() + ":" + cfg.port());
        }
        String tls = "TLS handshake with " + cfg.host() + " failed: ";
        // The most specific reason anywhere in the chain: the PKIX builder reports a revoked or
        // expired certificate as "no path", with the validator's reason as its cause.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if ((t instanceof CertPathValidatorException v
                            && v.getReason() == CertPathValidatorException.BasicReason.REVOKED)
                    || msg.contains("certificate has been revoked")) {
                return new Failure("revoked", tls + "the certificate is revoked");
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return new Failure("expired", tls + "the certificate is expired or not yet valid");
            }
            if (t instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                return new Failure(
                        "revocation_unknown",
                        tls + "the certificate's revocation status could not be had (revocation.mode = hard-fail)");
            }
            if (msg.contains("no subject alternative") || msg.contains("no name matching")) {
                return new Failure("hostname_mismatch", tls + "the certificate is not issued for this host");
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException
                    || msg.contains("pkix path")
                    || msg.contains("unable to find valid certification path")
                    || msg.contains("signature check failed")) {
                return new Failure(
                        "untrusted",
                        tls + "the certificate is not trusted (no path to a CA in ca-file or the JVM's trust store)");
            }
        }
        if (cause instanceof SSLException) {
            return new Failure("tls_failed", tls + "the handshake was refused or broken (see the debug log)");
        }
        return new Failure(
                "closed",
                "cannot connect: the connection to " + cfg.host() + " closed during set-up (see the debug log)");
    }
}
