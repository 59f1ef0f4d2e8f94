package io.amsgateway.server.cli;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.server.caller.CallerPolicy;
import io.amsgateway.server.caller.ListenerTls;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.keys.KeySources;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.profile.ClientProfile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Validates a configuration as {@code run} would (every key, every key file or Vault secret, a
 * test signature with every profile's primary key, made by Vault Transit where it signs) and prints the effective configuration with key material masked.
 */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validate a configuration and its keys; print the effective configuration, secrets masked.")
public final class CheckConfigCommand implements Callable<Integer> {
    private static final byte[] TEST_CONTENT =
            "POST /ams/api/v1/check-config\ncheck.0.{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config.load();
        if (cfg.profiles().isEmpty()) {
            // As run refuses it: a file whose profiles are misplaced must not pass the check.
            throw new IllegalArgumentException("no profiles configured (gateway.profiles); see config/reference.conf");
        }
        if (cfg.listener().port() >= 0) {
            // As run refuses it: a network listener without caller rules.
            CallerPolicy.requireRulesFor(cfg.listener(), cfg.edge().callers());
        }
        if (cfg.edge().tls().enabled()) {
            // As run loads them: the certificate, its key (and that they match) and the callers' CA bundle.
            ListenerTls.start(cfg.edge().tls()).close();
        }
        CryptoProvider crypto = CryptoProvider.select(cfg.crypto().provider());
        try (KeySources keySources = new KeySources(cfg, crypto, new GatewayMetrics("check-config"))) {
            for (ProfileConfig p : cfg.profiles().values()) {
                try (ClientProfile profile = new ClientProfile(
                        p,
                        keySources.cached(p),
                        request -> CompletableFuture.failedFuture(
                                new IllegalStateException("check-config sends nothing to Alipay")))) {
                    check(profile, cfg.keys().startupTimeout());
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(cfg.redacted());
        out.println("OK: configuration and keys are valid (" + cfg.profiles().size() + " profile(s), crypto provider "
                + crypto.name() + ")");
        out.flush();
        return 0;
    }

    /**
     * Loads the profile's keys as start-up would, and signs one test message with the primary key;
     * for an API-key profile, checks the key's grammar, client id and TEST/PROD against the
     * sandbox mode (loading it does), without ever printing it.
     */
    private static void check(ClientProfile profile, Duration timeout) throws InterruptedException {
        try {
            if (profile.cfg().apiKeyAuth()) {
                profile.loadKeys().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            profile.loadKeys()
                    .thenCompose(x -> profile.primaryKey().join().signer().sign(TEST_CONTENT))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            throw new IllegalArgumentException("profile " + profile.name() + ": " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("profile " + profile.name() + ": its key source did not answer within "
                    + "gateway.keys.startup-timeout (" + timeout + ")");
        }
    }
}
