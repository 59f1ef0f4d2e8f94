package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads a {@code proxy { url, from-environment, username, password-file }} block (upstream, Vault). */
final class ProxyLoader {
    private ProxyLoader() {}

    /**
     * The proxy for connections to {@code targetHost}, or null for a direct connection.
     *
     * @param c the configuration holding {@code proxy}
     * @param base the full path of {@code c} for messages, e.g. {@code gateway.profiles.x.upstream}
     */
    static @Nullable ProxyConfig load(Config c, String base, String targetHost, Function<String, String> env) {
        String at = base + ".proxy";
        String url = c.getString("proxy.url").trim();
        String user = c.getString("proxy.username");
        String passwordFile = c.getString("proxy.password-file");
        if (url.isEmpty()) {
            if (!user.isEmpty() || !passwordFile.isEmpty()) {
                throw new ConfigException.BadValue(
                        c.getValue("proxy.username").origin(),
                        at + ".username",
                        "username and password-file need proxy.url (credentials for HTTPS_PROXY go in its URL)");
            }
            if (!c.getBoolean("proxy.from-environment")) {
                return null;
            }
            try {
                return ProxyConfig.fromEnvironment(env, targetHost);
            } catch (IllegalArgumentException e) {
                throw new ConfigException.BadValue(
                        c.getValue("proxy.from-environment").origin(),
                        at + ".from-environment",
                        "the environment's HTTPS_PROXY " + e.getMessage()
                                + "; fix the variable or set from-environment = false");
            }
        }
        String password = null;
        if (!passwordFile.isEmpty()) {
            if (user.isEmpty()) {
                throw new ConfigException.BadValue(
                        c.getValue("proxy.password-file").origin(),
                        at + ".password-file",
                        "a proxy password needs a username");
            }
            password = readPassword(c, at, Path.of(passwordFile));
        } else if (!user.isEmpty()) {
            throw new ConfigException.BadValue(
                    c.getValue("proxy.username").origin(),
                    at + ".username",
                    "a proxy username needs password-file (a file holding the password; never inline)");
        }
        try {
            return ProxyConfig.parse(url, user.isEmpty() ? null : user, password, at + ".url");
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("the user name") ? "username" : "url";
            throw new ConfigException.BadValue(c.getValue("proxy." + key).origin(), at + "." + key, e.getMessage());
        }
    }

    private static String readPassword(Config c, String at, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException.BadValue(
                    c.getValue("proxy.password-file").origin(),
                    at + ".password-file",
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String password = text.strip();
        if (password.isEmpty() || password.indexOf('\n') >= 0) {
            throw new ConfigException.BadValue(
                    c.getValue("proxy.password-file").origin(),
                    at + ".password-file",
                    file + " must hold the password on one line");
        }
        return password;
    }
}
