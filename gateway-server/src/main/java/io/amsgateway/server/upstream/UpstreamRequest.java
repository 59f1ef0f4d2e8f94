package io.amsgateway.server.upstream;

import java.util.Map;

/**
 * A request to send to Alipay, complete and signed: nothing in it is changed on the way.
 *
 * @param target the request-target as signed
 * @param headers header names and values to send (besides Host, Content-Length and Connection)
 * @param body the exact body bytes as signed
 */
public record UpstreamRequest(String target, Map<String, String> headers, byte[] body) {
    public UpstreamRequest {
        headers = Map.copyOf(headers);
    }

    /** The target and the header names only: values may hold an API key, the body card data. */
    @Override
    public String toString() {
        return "UpstreamRequest[" + target + ", headers " + new java.util.TreeSet<>(headers.keySet()) + ", "
                + body.length + " bytes]";
    }
}
