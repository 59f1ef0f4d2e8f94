package io.amsgateway.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The caller edge: how callers connect, who they are, what they may do and how fast. Loaded by
 * {@link EdgeConfigLoader} from {@code gateway.listener.tls}, {@code gateway.listener.unix-socket},
 * {@code gateway.listener.request-read-timeout}, {@code gateway.callers} and {@code gateway.limits}.
 *
 * @param tls TLS on the callers' TCP listener
 * @param unixSocket a Unix domain socket to listen on as well, for callers in the same pod
 * @param readTimeout how long a request may take to arrive
 * @param callers caller rules and bearer tokens
 * @param limits rates, concurrency and global caps
 */
public record EdgeConfig(
        ListenerTlsConfig tls,
        Optional<Path> unixSocket,
        RequestReadTimeout readTimeout,
        CallersConfig callers,
        LimitsConfig limits) {

    /** One line for the effective configuration; names no token hash. */
    public String summary() {
        return "tls="
                + (tls.enabled()
                        ? "on (client-auth " + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT) + ", engine "
                                + tls.engine().name().toLowerCase(java.util.Locale.ROOT) + ")"
                        : "off")
                + " unix-socket=" + unixSocket.map(Path::toString).orElse("off")
                + " request-read-timeout=" + readTimeout.headers() + "/" + readTimeout.whole()
                + " callers=" + callers.rules().size() + " rules (" + callers.mode() + "), "
                + callers.tokens().size() + " tokens"
                + " limits: per-caller " + limits.perCaller() + ", per-profile " + limits.perProfile()
                + ", max-connections " + limits.maxConnections();
    }
}
