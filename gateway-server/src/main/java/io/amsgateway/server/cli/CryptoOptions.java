package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.ProviderMode;
import picocli.CommandLine.Option;

/** The {@code --crypto-provider} option shared by commands that sign or verify. */
public final class CryptoOptions {
    @Option(
            names = "--crypto-provider",
            defaultValue = "auto",
            paramLabel = "auto|accp|jdk|bc",
            description = "JCA provider for signing and verifying (default: ${DEFAULT-VALUE}).")
    String mode = "auto";

    /** The selected provider; logs which one is active. */
    public CryptoProvider provider() {
        return CryptoProvider.select(ProviderMode.parse(mode));
    }
}
