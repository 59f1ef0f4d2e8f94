package io.amsgateway.server.cli;

import com.typesafe.config.ConfigFactory;
import io.amsgateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option: HOCON over the reference defaults, environment overrides applied. */
public final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "HOCON configuration file (see config/reference.conf).")
    @Nullable
    Path file;

    /** Loads and validates the configuration; errors name the key. */
    public GatewayConfig load() {
        ConfigFactory.invalidateCaches();
        if (file == null) {
            return GatewayConfig.from(ConfigFactory.load());
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read config file " + file);
        }
        return GatewayConfig.from(ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseFile(file.toFile()))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }
}
