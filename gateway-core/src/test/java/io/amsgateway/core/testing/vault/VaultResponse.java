package io.amsgateway.core.testing.vault;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** A status and a JSON body (none for 204), as an engine answers one request. */
record VaultResponse(int status, @Nullable JsonNode body) {
    static VaultResponse ok(JsonNode body) {
        return new VaultResponse(200, body);
    }

    static VaultResponse noContent() {
        return new VaultResponse(204, null);
    }

    /** Vault's error shape: {@code {"errors":[...]}}. */
    static VaultResponse error(int status, String... errors) {
        return new VaultResponse(status, VaultJson.errors(errors));
    }

    /** Vault's answer for a path with nothing behind it: 404 and an empty errors list. */
    static VaultResponse notFound() {
        return error(404);
    }

    static VaultResponse permissionDenied() {
        return error(403, "permission denied");
    }

    static VaultResponse badRequest(String message) {
        return error(400, message);
    }
}
