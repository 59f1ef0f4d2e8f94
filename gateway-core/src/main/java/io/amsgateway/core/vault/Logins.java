package io.amsgateway.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.vault.VaultException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Obtains a token for each {@link VaultAuth} method. Files are read on the client's executor,
 * never on the caller's thread. Nothing here logs or puts in a message a token, JWT or secret id.
 */
final class Logins {
    /** Bounds what is read from a misconfigured file path. */
    private static final int MAX_FILE_CHARS = 64 * 1024;

    /** A token and its lease as Vault reported them. {@code toString} masks the token. */
    record Session(String token, boolean renewable, long leaseSeconds) {
        @Override
        public String toString() {
            return "Session[renewable=" + renewable + ", lease=" + leaseSeconds + "s]";
        }
    }

    private Logins() {}

    static CompletableFuture<Session> login(VaultAuth auth, VaultHttp http) {
        if (auth instanceof VaultAuth.Token t) {
            CompletableFuture<String> token = t.value() != null
                    ? CompletableFuture.completedFuture(t.value())
                    : readFile(t.file(), "token", http);
            return token.thenCompose(value -> lookupSelf(value, http));
        }
        if (auth instanceof VaultAuth.Kubernetes k) {
            return readFile(k.jwtFile(), "Kubernetes service account token", http)
                    .thenCompose(jwt -> {
                        ObjectNode body = VaultHttp.JSON
                                .createObjectNode()
                                .put("role", k.role())
                                .put("jwt", jwt);
                        return post(k.mount(), body, http);
                    });
        }
        VaultAuth.AppRole a = (VaultAuth.AppRole) auth;
        CompletableFuture<String> secretId = a.secretId() != null
                ? CompletableFuture.completedFuture(a.secretId())
                : readFile(a.secretIdFile(), "AppRole secret id", http);
        return secretId.thenCompose(id -> {
            ObjectNode body =
                    VaultHttp.JSON.createObjectNode().put("role_id", a.roleId()).put("secret_id", id);
            return post(a.mount(), body, http);
        });
    }

    private static CompletableFuture<Session> post(String mount, ObjectNode body, VaultHttp http) {
        String path = "/v1" + VaultPaths.join("auth", mount, "login");
        return http.send("login", path, body, null).thenApply(json -> fromAuth(json, "login", path));
    }

    /** Reads a given token's renewability and remaining TTL, which also proves Vault accepts it. */
    private static CompletableFuture<Session> lookupSelf(String token, VaultHttp http) {
        String path = "/v1/auth/token/lookup-self";
        return http.send("lookup-self", path, null, token).thenApply(json -> {
            JsonNode data = json.path("data");
            if (!data.isObject()) {
                throw badAnswer("lookup-self", path, "no data object");
            }
            return new Session(
                    token,
                    data.path("renewable").asBoolean(false),
                    data.path("ttl").asLong(0));
        });
    }

    /** The session in a login or renew-self answer ({@code auth.client_token} and its lease). */
    static Session fromAuth(JsonNode json, String operation, String path) {
        JsonNode auth = json.path("auth");
        JsonNode token = auth.path("client_token");
        if (!token.isTextual() || token.textValue().isEmpty()) {
            throw badAnswer(operation, path, "no auth.client_token");
        }
        return new Session(
                token.textValue(),
                auth.path("renewable").asBoolean(false),
                auth.path("lease_duration").asLong(0));
    }

    private static VaultException badAnswer(String operation, String path, String what) {
        return new VaultException(
                Kind.BAD_RESPONSE, 200, VaultHttp.describe(operation, path) + ": " + what + " in the answer", null);
    }

    private static CompletableFuture<String> readFile(Path file, String what, VaultHttp http) {
        return CompletableFuture.supplyAsync(
                () -> {
                    String text;
                    try {
                        if (Files.size(file) > MAX_FILE_CHARS) {
                            throw unreadable(what, file, "larger than " + MAX_FILE_CHARS + " bytes");
                        }
                        text = Files.readString(file, StandardCharsets.UTF_8).strip();
                    } catch (IOException e) {
                        throw unreadable(what, file, e.getClass().getSimpleName());
                    }
                    if (text.isEmpty()) {
                        throw unreadable(what, file, "empty");
                    }
                    return text;
                },
                http.executor());
    }

    private static GatewayException unreadable(String what, Path file, String why) {
        return new GatewayException(
                ErrorCode.KEY_UNAVAILABLE, "cannot read the Vault " + what + " file " + file + ": " + why);
    }
}
