package io.amsgateway.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.vault.VaultException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One Vault HTTP exchange: builds the request (token and namespace headers, JSON body), sends it
 * asynchronously, reports it to the listener and turns any answer other than 2xx JSON into a
 * {@link VaultException}. Thread-safe.
 */
final class VaultHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    private final HttpClient http;
    private final VaultConfig config;
    private final Executor executor;
    private final VaultClient.Listener listener;
    /** Basic credentials for the forward proxy, or null; never logged. */
    private final @Nullable String proxyAuthorization;

    VaultHttp(HttpClient http, VaultConfig config, Executor executor, VaultClient.Listener listener) {
        this.http = http;
        this.config = config;
        this.executor = executor;
        this.listener = listener;
        VaultConfig.Proxy proxy = config.proxy();
        this.proxyAuthorization = proxy == null || proxy.username() == null
                ? null
                : "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString((proxy.username() + ":" + proxy.password())
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Executor executor() {
        return executor;
    }

    /**
     * Sends one request and completes with the answer's JSON (an empty object for an empty body).
     *
     * @param operation names the operation in messages and metrics, e.g. {@code kv-read}
     * @param path the API path from {@code /v1/}, already encoded, possibly with a query
     * @param body the JSON body of a POST, or null for a GET
     * @param token the {@code X-Vault-Token}, or null (logins)
     */
    CompletableFuture<JsonNode> send(String operation, String path, @Nullable ObjectNode body, @Nullable String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.base() + path))
                .timeout(config.requestTimeout())
                .header("Accept", "application/json");
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (config.namespace() != null) {
            b.header("X-Vault-Namespace", config.namespace());
        }
        if (proxyAuthorization != null) {
            b.header("Proxy-Authorization", proxyAuthorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.POST(HttpRequest.BodyPublishers.ofByteArray(toBytes(body)));
        } else {
            b.GET();
        }
        HttpRequest request = b.build();
        long start = System.nanoTime();
        // sendAsync may resolve the host name before returning: start it on our executor, never
        // on the caller's thread (an event loop).
        CompletableFuture<CompletableFuture<HttpResponse<byte[]>>> started;
        try {
            started = CompletableFuture.supplyAsync(
                    () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()), executor);
        } catch (RejectedExecutionException e) { // the client was closed
            started = CompletableFuture.failedFuture(e);
        }
        return started.thenCompose(f -> f).handle((response, failure) -> {
            long nanos = System.nanoTime() - start;
            if (failure != null) {
                listener.onRequest(operation, 0, nanos);
                throw unreachable(operation, path, Futures.unwrap(failure));
            }
            listener.onRequest(operation, response.statusCode(), nanos);
            if (response.body() == null) {
                // The JDK client hands back the proxy's refusal of a CONNECT tunnel without a body.
                throw refusedByProxy(operation, path, response.statusCode());
            }
            return parse(operation, path, response);
        });
    }

    private VaultException unreachable(String operation, String path, Throwable t) {
        if (t instanceof VaultException v) {
            return v;
        }
        java.util.regex.Matcher tunnel = java.util.regex.Pattern.compile("^Tunnel failed, got: (\\d{3})")
                .matcher(String.valueOf(t.getMessage()));
        if (config.proxy() != null && tunnel.find()) { // the JDK client's report of a refused CONNECT
            return refusedByProxy(operation, path, Integer.parseInt(tunnel.group(1)));
        }
        // The address, so that the operator sees which Vault (gateway.vault.address / VAULT_ADDR).
        String why = t instanceof HttpTimeoutException
                ? "no answer from Vault at " + config.address() + " within "
                        + config.requestTimeout().toMillis() + " ms"
                : "Vault at " + config.address() + " unreachable ("
                        + t.getClass().getSimpleName() + "); check gateway.vault.address (VAULT_ADDR)"
                        + (config.proxy() == null
                                ? ""
                                : " and gateway.vault.proxy (" + config.proxy().host() + ":"
                                        + config.proxy().port() + ")");
        return new VaultException(Kind.UNREACHABLE, 0, describe(operation, path) + ": " + why, t);
    }

    private VaultException refusedByProxy(String operation, String path, int status) {
        VaultConfig.Proxy proxy = config.proxy();
        String at = proxy == null ? "the proxy" : "the proxy " + proxy.host() + ":" + proxy.port();
        String why = status == 407
                ? at + " refused the credentials (HTTP 407); check gateway.vault.proxy.username and"
                        + " password-file (an https Vault behind a basic-auth proxy also needs the JVM option"
                        + " -Djdk.http.auth.tunneling.disabledSchemes=)"
                : at + " refused the tunnel to Vault at " + config.address() + " (HTTP " + status + ")";
        return new VaultException(Kind.UNREACHABLE, 0, describe(operation, path) + ": " + why, null);
    }

    private static JsonNode parse(String operation, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode json;
        try {
            json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (status < 200 || status > 299) {
            throw new VaultException(
                    VaultException.kindOf(status),
                    status,
                    describe(operation, path) + ": HTTP " + status + errorText(json),
                    null);
        }
        if (json == null || !json.isObject()) {
            throw new VaultException(
                    Kind.BAD_RESPONSE, status, describe(operation, path) + ": the answer is not a JSON object", null);
        }
        return json;
    }

    /** Vault's {@code {"errors":[...]}} text, bounded and on one line, or nothing. */
    private static String errorText(@Nullable JsonNode json) {
        if (json == null
                || !json.path("errors").isArray()
                || json.path("errors").isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : json.path("errors")) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.isTextual() ? e.textValue() : e.toString());
        }
        String text = sb.toString().replaceAll("\\p{Cntrl}", " ");
        if (text.length() > MAX_ERROR_TEXT) {
            text = text.substring(0, MAX_ERROR_TEXT) + "...";
        }
        return " (" + text + ")";
    }

    static String describe(String operation, String path) {
        int q = path.indexOf('?');
        return "Vault " + operation + " " + (q < 0 ? path : path.substring(0, q));
    }

    private static byte[] toBytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON body", e);
        }
    }
}
