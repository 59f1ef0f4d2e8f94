package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.crypto.ProviderMode;
import io.amsgateway.core.protocol.SandboxRewrite;
import java.util.List;

/**
 * The gateway's configuration as typed records: the only class that reads {@link Config}.
 *
 * <p>Loaded once at start-up: {@code reference.conf} (from {@code config/}) gives every default,
 * the operator's file and the environment override it, {@link Config#checkValid} rejects missing
 * and mistyped keys, and {@link #from} checks values, throwing {@link ConfigException.BadValue}
 * with the key's path. Nothing reads configuration on the request path.
 *
 * @param crypto crypto provider selection
 * @param sandbox the sandbox path rewrite
 */
public record GatewayConfig(CryptoConfig crypto, SandboxRewrite sandbox) {
    /** {@code gateway.crypto}. */
    public record CryptoConfig(ProviderMode provider) {}

    /** Loads the default configuration (system properties, {@code -Dconfig.file}, reference). */
    public static GatewayConfig load() {
        ConfigFactory.invalidateCaches();
        return from(ConfigFactory.load());
    }

    /** Validates {@code root} against the reference and builds the records. */
    public static GatewayConfig from(Config root) {
        root.checkValid(ConfigFactory.defaultReference(), "gateway");
        // Full paths throughout, so that every error names the key as the operator writes it.
        return new GatewayConfig(
                new CryptoConfig(enumValue(root, "gateway.crypto.provider", ProviderMode::parse)),
                new SandboxRewrite(
                        enumValue(root, "gateway.sandbox.mode", SandboxRewrite.Mode::parse), prefixes(root)));
    }

    private static List<String> prefixes(Config root) {
        String path = "gateway.sandbox.production-only-prefixes";
        List<String> list = root.getStringList(path);
        for (String p : list) {
            if (!p.startsWith("/ams/api/")) {
                throw new ConfigException.BadValue(
                        root.getValue(path).origin(), path, "each prefix must start with /ams/api/");
            }
        }
        return list;
    }

    private static <T> T enumValue(Config root, String path, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(root.getString(path));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(root.getValue(path).origin(), path, e.getMessage());
        }
    }
}
