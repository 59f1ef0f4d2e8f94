package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.ProviderMode;
import io.amsgateway.server.config.GatewayConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --crypto-provider} option shared by commands that sign or verify; without it, the
 * configured {@code gateway.crypto.provider} (default {@code auto}, env {@code AMS_CRYPTO_PROVIDER}).
 */
public final class CryptoOptions {
    @Option(
            names = "--crypto-provider",
            paramLabel = "auto|accp|jdk|bc",
            description = "JCA provider for signing and verifying (default: gateway.crypto.provider, i.e. auto).")
    @Nullable
    String mode;

    /** The selected provider; logs which one is active. */
    public CryptoProvider provider() {
        ProviderMode m = mode != null
                ? ProviderMode.parse(mode)
                : GatewayConfig.load().crypto().provider();
        return CryptoProvider.select(m);
    }
}
