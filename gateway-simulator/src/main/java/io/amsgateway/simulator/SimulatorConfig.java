package io.amsgateway.simulator;

import io.amsgateway.core.crypto.CryptoProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Everything an {@link AmsSimulator} is started with; build one with {@link #builder()}.
 *
 * @param bindAddress the AMS listener's address (default {@code 127.0.0.1})
 * @param port the AMS port, 0 for an ephemeral one
 * @param controlPort the control endpoint's port on 127.0.0.1, 0 for an ephemeral one, -1 for none
 * @param plainHttp serve plain HTTP instead of HTTPS (only when asked for explicitly)
 * @param tls a configured TLS identity, or null to generate a self-signed one at start
 * @param certificateOut where to write the TLS certificate as PEM, or null
 * @param alipayPrivateKey the simulator's "Alipay" signing key, or null to generate RSA-2048
 * @param alipayKeyVersion the {@code keyVersion} written in the simulator's signatures
 * @param alipayPublicKeyOut where to write the Alipay public key as PEM, or null
 * @param merchants the merchants' public keys
 * @param notifyScheduleScale the factor compressing Alipay's notification schedule, in (0, 1]
 * @param notifySslContext trust for HTTPS notify URLs, or null for the JDK's default trust
 * @param maxBodyBytes the largest request body accepted (413 above it)
 * @param maxStoredPayments payments (and refunds) kept in memory before the oldest are forgotten
 * @param maxPendingNotifications notifications in flight before new ones are dropped
 * @param ioThreads event loop threads, 0 for the number of processors
 * @param signErrorResponses whether answers to requests that fail a check are signed (they are
 *     when a client id was given; false answers them unsigned, as some Alipay errors may be)
 * @param cryptoProvider the JCA provider, or null for gateway-core's automatic choice
 * @param apiKeys the API keys Alipay accepts ({@code Authorization: Bearer <key>}), each for the
 *     client id its middle part names; a merchant with one may call without signing
 * @param revokedApiKeys API keys Alipay knows but no longer accepts
 * @param clock the clock for times in headers and bodies
 */
public record SimulatorConfig(
        String bindAddress,
        int port,
        int controlPort,
        boolean plainHttp,
        @Nullable TlsIdentity tls,
        @Nullable Path certificateOut,
        @Nullable PrivateKey alipayPrivateKey,
        int alipayKeyVersion,
        @Nullable Path alipayPublicKeyOut,
        List<MerchantPublicKey> merchants,
        double notifyScheduleScale,
        @Nullable SSLContext notifySslContext,
        int maxBodyBytes,
        int maxStoredPayments,
        int maxPendingNotifications,
        int ioThreads,
        boolean signErrorResponses,
        @Nullable CryptoProvider cryptoProvider,
        Clock clock,
        java.util.Set<String> apiKeys,
        java.util.Set<String> revokedApiKeys) {

    public SimulatorConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        merchants = List.copyOf(merchants);
        apiKeys = java.util.Set.copyOf(apiKeys);
        revokedApiKeys = java.util.Set.copyOf(revokedApiKeys);
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535 || controlPort < -1 || controlPort > 65535) {
            throw new IllegalArgumentException("ports must be between 0 and 65535 (control port: -1 disables it)");
        }
        if (alipayKeyVersion < 0) {
            throw new IllegalArgumentException("alipayKeyVersion must not be negative");
        }
        new RetrySchedule(notifyScheduleScale); // validates the scale
        if (maxBodyBytes < 1024 || maxStoredPayments < 1 || maxPendingNotifications < 1 || ioThreads < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024; limits must be positive");
        }
    }

    /** A builder with the defaults listed on the record's components. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SimulatorConfig}; not thread-safe. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private int controlPort;
        private boolean plainHttp;
        private @Nullable TlsIdentity tls;
        private @Nullable Path certificateOut;
        private @Nullable PrivateKey alipayPrivateKey;
        private int alipayKeyVersion = 1;
        private @Nullable Path alipayPublicKeyOut;
        private final List<MerchantPublicKey> merchants = new ArrayList<>();
        private double notifyScheduleScale = 1.0;
        private @Nullable SSLContext notifySslContext;
        private int maxBodyBytes = 2 * 1024 * 1024;
        private int maxStoredPayments = 100_000;
        private int maxPendingNotifications = 10_000;
        private int ioThreads;
        private boolean signErrorResponses = true;
        private @Nullable CryptoProvider cryptoProvider;
        private Clock clock = Clock.systemUTC();
        private final java.util.Set<String> apiKeys = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> revokedApiKeys = new java.util.LinkedHashSet<>();

        /** An API key Alipay accepts (the client id is the one its middle part names). */
        public Builder apiKey(String v) {
            apiKeys.add(v);
            return this;
        }

        /** An API key Alipay has revoked: refused with {@code INVALID_API_KEY}. */
        public Builder revokedApiKey(String v) {
            revokedApiKeys.add(v);
            return this;
        }

        private Builder() {}

        public Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder controlPort(int v) {
            controlPort = v;
            return this;
        }

        public Builder plainHttp(boolean v) {
            plainHttp = v;
            return this;
        }

        public Builder tls(@Nullable TlsIdentity v) {
            tls = v;
            return this;
        }

        public Builder certificateOut(@Nullable Path v) {
            certificateOut = v;
            return this;
        }

        public Builder alipayPrivateKey(@Nullable PrivateKey v) {
            alipayPrivateKey = v;
            return this;
        }

        public Builder alipayKeyVersion(int v) {
            alipayKeyVersion = v;
            return this;
        }

        public Builder alipayPublicKeyOut(@Nullable Path v) {
            alipayPublicKeyOut = v;
            return this;
        }

        public Builder merchant(MerchantPublicKey v) {
            merchants.add(v);
            return this;
        }

        public Builder merchants(List<MerchantPublicKey> v) {
            merchants.addAll(v);
            return this;
        }

        public Builder notifyScheduleScale(double v) {
            notifyScheduleScale = v;
            return this;
        }

        public Builder notifySslContext(@Nullable SSLContext v) {
            notifySslContext = v;
            return this;
        }

        public Builder maxBodyBytes(int v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder maxStoredPayments(int v) {
            maxStoredPayments = v;
            return this;
        }

        public Builder maxPendingNotifications(int v) {
            maxPendingNotifications = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        public Builder signErrorResponses(boolean v) {
            signErrorResponses = v;
            return this;
        }

        public Builder cryptoProvider(@Nullable CryptoProvider v) {
            cryptoProvider = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        /**
         * The config.
         *
         * @throws IllegalArgumentException if a value is out of range
         */
        public SimulatorConfig build() {
            return new SimulatorConfig(
                    bindAddress,
                    port,
                    controlPort,
                    plainHttp,
                    tls,
                    certificateOut,
                    alipayPrivateKey,
                    alipayKeyVersion,
                    alipayPublicKeyOut,
                    merchants,
                    notifyScheduleScale,
                    notifySslContext,
                    maxBodyBytes,
                    maxStoredPayments,
                    maxPendingNotifications,
                    ioThreads,
                    signErrorResponses,
                    cryptoProvider,
                    clock,
                    apiKeys,
                    revokedApiKeys);
        }
    }
}
