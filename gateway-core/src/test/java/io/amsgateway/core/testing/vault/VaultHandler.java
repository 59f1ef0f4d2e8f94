package io.amsgateway.core.testing.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The fake's one HTTP handler: fault switches first (delay, sealed, rate limit, namespace), then
 * the token check, then the engine. Every request that arrives is counted and logged, whatever
 * it is answered. Stateless apart from the shared engines and switches; runs on many threads.
 */
final class VaultHandler implements HttpHandler {
    private final FakeVault.Switches switches;
    private final VaultRoutes routes;
    private final KvEngine kv;
    private final TransitEngine transit;
    private final AuthBackend auth;
    private final RequestLog log;

    VaultHandler(FakeVault.Switches switches, KvEngine kv, TransitEngine transit, AuthBackend auth, RequestLog log) {
        this.switches = switches;
        this.routes = new VaultRoutes(kv, transit);
        this.kv = kv;
        this.transit = transit;
        this.auth = auth;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] requestBody = ex.getRequestBody().readAllBytes();
            Duration delay = switches.delay;
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawPath();
            String path = raw.startsWith("/v1/") ? URLDecoder.decode(raw.substring(4), StandardCharsets.UTF_8) : "";
            String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
            VaultRoutes.Route route = routes.route(method, path);
            VaultResponse resp;
            try {
                resp = answer(ex, method, path, query, route, requestBody);
            } catch (RuntimeException e) {
                // Never echo the cause: it could hold request content.
                resp = VaultResponse.error(500, "internal error");
            }
            log.add(new VaultRequestRecord(method, path, query, route.operation(), resp.status()));
            write(ex, resp);
        }
    }

    private VaultResponse answer(
            HttpExchange ex, String method, String path, String query, VaultRoutes.Route route, byte[] raw) {
        if (switches.sealed) {
            return VaultResponse.error(503, "Vault is sealed");
        }
        if (switches.rateLimited) {
            ex.getResponseHeaders().set("Retry-After", "1");
            return VaultResponse.error(429, "request path \"" + path + "\": rate limit quota exceeded");
        }
        String ns = switches.namespace;
        if (ns != null && !ns.equals(trimSlashes(ex.getRequestHeaders().getFirst("X-Vault-Namespace")))) {
            return VaultResponse.permissionDenied();
        }
        JsonNode body;
        try {
            body = raw.length == 0 ? VaultJson.object() : VaultJson.MAPPER.readTree(raw);
        } catch (IOException e) {
            return VaultResponse.badRequest("failed to parse JSON input");
        }
        if (body == null || !body.isObject()) {
            return VaultResponse.badRequest("failed to parse JSON input");
        }
        if (route.operation() == VaultOperation.LOGIN) {
            return auth.login(route.mount(), body);
        }
        Optional<VaultToken> token = token(ex).flatMap(auth::token);
        if (token.isEmpty()) {
            return VaultResponse.permissionDenied();
        }
        return switch (route.operation()) {
            case KV_READ -> kv.read(route.mount(), route.name(), version(query));
            case KV_WRITE -> kv.write(route.mount(), route.name(), body);
            case KV_DELETE -> kv.deleteLatest(route.mount(), route.name());
            case KV_METADATA_READ -> kv.metadata(route.mount(), route.name());
            case TRANSIT_SIGN -> transit.sign(route.mount(), route.name(), route.extra(), body);
            case TRANSIT_KEY_READ -> transit.read(route.mount(), route.name());
            case TRANSIT_ROTATE -> transit.rotateRequest(route.mount(), route.name());
            case TOKEN_RENEW_SELF -> auth.renewSelf(token.get(), body);
            case TOKEN_LOOKUP_SELF -> auth.lookupSelf(token.get());
            case LOGIN, OTHER -> routes.mounted(path)
                    ? VaultResponse.error(405, "1 error occurred:\n\t* unsupported operation\n\n")
                    : VaultResponse.error(404, "no handler for route \"" + path + "\". route entry not found.");
        };
    }

    private static Optional<String> token(HttpExchange ex) {
        String t = ex.getRequestHeaders().getFirst("X-Vault-Token");
        if (t == null) {
            String a = ex.getRequestHeaders().getFirst("Authorization");
            if (a != null && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
                t = a.substring(7).trim();
            }
        }
        return Optional.ofNullable(t).filter(s -> !s.isEmpty());
    }

    /** {@code version=N} from the query; 0 (the current version) when absent or not a number. */
    private static int version(String query) {
        for (String p : query.split("&")) {
            if (p.startsWith("version=")) {
                try {
                    return Integer.parseInt(p.substring(8));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String trimSlashes(@Nullable String s) {
        return s == null ? "" : s.replaceAll("^/+|/+$", "");
    }

    private static void write(HttpExchange ex, VaultResponse resp) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (resp.body() == null) {
            ex.sendResponseHeaders(resp.status(), -1);
            return;
        }
        byte[] bytes = VaultJson.MAPPER.writeValueAsBytes(resp.body());
        // Exactly "application/json": hvac only reads "errors" from an answer with this content type.
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(resp.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
