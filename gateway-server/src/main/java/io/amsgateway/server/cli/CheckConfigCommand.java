package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.server.Transports;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.proxy.ClientProfile;
import io.amsgateway.server.upstream.AlipayUpstream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Validates a configuration as {@code run} would (every key, every key file, a test signature
 * with every merchant key) and prints the effective configuration with key material masked.
 */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validate a configuration and its keys; print the effective configuration, secrets masked.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config.load();
        CryptoProvider crypto = CryptoProvider.select(cfg.crypto().provider());
        Transports transports = Transports.detect();
        try (var resolver = transports.resolver()) {
            for (ProfileConfig p : cfg.profiles().values()) {
                try (AlipayUpstream upstream = new AlipayUpstream(p.upstream(), transports.socketChannel(), resolver)) {
                    ClientProfile.create(p, crypto, upstream);
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
}
