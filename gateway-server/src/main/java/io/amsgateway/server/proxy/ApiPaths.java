package io.amsgateway.server.proxy;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.RequestTargets;

/** Which requests are proxied. */
public final class ApiPaths {
    private ApiPaths() {}

    /**
     * Checks that the call is proxied: {@code POST} under {@code /ams/api/} or {@code
     * /ams/sandbox/api/}, with a plain request-target ({@link RequestTargets#problem}) and no query:
     * AMS APIs take everything in the JSON body, so a query is refused rather than signed and
     * forwarded for Alipay to interpret.
     *
     * @throws GatewayException {@code ROUTE_NOT_FOUND}, {@code METHOD_NOT_SUPPORTED} or {@code INVALID_REQUEST}
     */
    static void checkRoute(String method, String uri) {
        if (!uri.startsWith("/ams/api/") && !uri.startsWith("/ams/sandbox/api/")) {
            throw new GatewayException(
                    ErrorCode.ROUTE_NOT_FOUND, "only /ams/api/** and /ams/sandbox/api/** are proxied");
        }
        if (!"POST".equals(method)) {
            throw new GatewayException(ErrorCode.METHOD_NOT_SUPPORTED, "AMS APIs take POST only");
        }
        String problem = RequestTargets.problem(uri);
        if (problem != null) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, problem + "; nothing was signed or sent");
        }
        if (RequestTargets.hasQuery(uri)) {
            throw new GatewayException(
                    ErrorCode.INVALID_REQUEST,
                    "AMS APIs take no query string (everything goes in the JSON body); nothing was signed or sent");
        }
    }
}
