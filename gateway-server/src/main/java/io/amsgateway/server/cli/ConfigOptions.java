package io.amsgateway.server.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.amsgateway.server.config.ConfigErrors;
import io.amsgateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option: HOCON over the reference defaults, environment overrides
 * applied. Every mistake in the file becomes one line naming {@code file:line}, the key and what
 * was expected ({@link ConfigErrors}).
 */
public final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "HOCON configuration file (see config/reference.conf).")
    @Nullable
    Path file;

    /**
     * Loads and validates the configuration.
     *
     * @throws IllegalArgumentException with one line naming the file, line, key and what was expected
     */
    public GatewayConfig load() {
        ConfigFactory.invalidateCaches();
        try {
            if (file == null) {
                return GatewayConfig.from(ConfigFactory.load());
            }
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read config file " + file);
            }
            Config parsed = ConfigFactory.parseFile(file.toFile());
            checkTopLevel(parsed, file);
            Config merged = ConfigFactory.systemProperties()
                    .withFallback(parsed)
                    .withFallback(ConfigFactory.defaultReference());
            return GatewayConfig.from(resolve(merged, parsed));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(ConfigErrors.describe(e, file), e);
        }
    }

    /**
     * Everything goes under {@code gateway}; other top-level keys may only be plain values that
     * substitutions use (such as {@code dir = "/keys"}). A misspelt {@code gateway} block would
     * otherwise be ignored and every default apply.
     */
    static void checkTopLevel(Config parsed, Path file) {
        ConfigObject root = parsed.root();
        for (Map.Entry<String, ConfigValue> e : root.entrySet()) {
            String key = e.getKey();
            if ("gateway".equals(key) || !(e.getValue() instanceof ConfigObject)) {
                continue;
            }
            String hint = ConfigFactory.defaultReference().hasPath(ConfigUtil.joinPath("gateway", key))
                    ? "did you mean gateway." + key + "? (every setting goes under gateway { ... })"
                    : "did you mean gateway? (every setting goes under gateway { ... }; other top-level keys"
                            + " may only be plain values used in substitutions)";
            throw new ConfigException.BadValue(e.getValue().origin(), key, "unknown top-level key; " + hint);
        }
        if (!root.containsKey("gateway")) {
            throw new ConfigException.BadValue(
                    root.origin(), "gateway", "missing: " + file + " has no gateway { ... } section");
        }
    }

    /**
     * Resolves substitutions; an unset {@code ${VAR}} is reported at the key that uses it.
     */
    private static Config resolve(Config merged, Config parsed) {
        try {
            return merged.resolve();
        } catch (ConfigException.UnresolvedSubstitution e) {
            Optional<String> key = e.origin() == null ? Optional.empty() : keyAt(parsed.root(), e.origin(), List.of());
            if (key.isEmpty()) {
                throw e;
            }
            String detail = e.getMessage();
            int i = detail.indexOf("${");
            String variable = i < 0 ? "a substitution" : detail.substring(i).strip();
            throw new ConfigException.BadValue(
                    e.origin(),
                    key.get(),
                    variable + " is not set: set that environment variable or system property, or write ${?...}"
                            + " to make it optional");
        }
    }

    /** The path of the value the file defines at {@code origin}'s line, if one is found. */
    private static Optional<String> keyAt(ConfigObject obj, ConfigOrigin origin, List<String> path) {
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            ConfigValue v = e.getValue();
            if (v instanceof ConfigObject child) {
                Optional<String> found = keyAt(child, origin, p);
                if (found.isPresent()) {
                    return found;
                }
            } else if (v.origin().lineNumber() == origin.lineNumber()) {
                return Optional.of(ConfigUtil.joinPath(p));
            }
        }
        return Optional.empty();
    }
}
