package io.amsgateway.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code gateway.listener.tls}: TLS (and optionally mTLS) on the callers' listener.
 *
 * @param enabled whether the listener speaks TLS at all
 * @param certFile PEM certificate chain, leaf first (present when enabled)
 * @param keyFile PEM private key: PKCS#8, PKCS#1 (RSA) or SEC 1 (EC), unencrypted (present when enabled)
 * @param clientAuth whether callers must present a certificate
 * @param clientCaFile PEM bundle of the CAs that sign callers' certificates (present unless
 *     {@code clientAuth} is {@link ClientAuth#NONE})
 * @param engine which TLS implementation serves
 * @param reloadInterval how often the files are checked for a new version
 */
public record ListenerTlsConfig(
        boolean enabled,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        ClientAuth clientAuth,
        Optional<Path> clientCaFile,
        Engine engine,
        Duration reloadInterval) {

    /** TLS off. */
    public static final ListenerTlsConfig DISABLED = new ListenerTlsConfig(
            false,
            Optional.empty(),
            Optional.empty(),
            ClientAuth.NONE,
            Optional.empty(),
            Engine.AUTO,
            Duration.ofSeconds(10));

    /** {@code client-auth}. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for; one that is sent must verify. */
        OPTIONAL,
        /** A client certificate that verifies is required for the handshake to succeed. */
        REQUIRE;

        /** Parses {@code none | optional | require}, any case. */
        public static ClientAuth parse(String s) {
            return parseEnum(ClientAuth.class, s, "none, optional, require");
        }
    }

    /** {@code engine}. */
    public enum Engine {
        /** OpenSSL (BoringSSL, netty-tcnative) when it loads here, else the JDK. */
        AUTO,
        /** OpenSSL (BoringSSL), or refuse to start. */
        OPENSSL,
        /** The JDK's {@code SSLEngine}. */
        JDK;

        /** Parses {@code auto | openssl | jdk}, any case. */
        public static Engine parse(String s) {
            return parseEnum(Engine.class, s, "auto, openssl, jdk");
        }
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String s, String allowed) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of " + allowed + " (was " + s + ")");
        }
    }
}
