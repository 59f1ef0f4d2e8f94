package io.amsgateway.simulator;

/**
 * Where a started simulator listens.
 *
 * @param host the AMS listener's bind address
 * @param port the AMS port
 * @param controlPort the control port on 127.0.0.1, or -1 when disabled
 * @param tls whether the AMS port speaks HTTPS
 */
public record BoundPorts(String host, int port, int controlPort, boolean tls) {
    /** The AMS base URI, e.g. {@code https://127.0.0.1:8443}. */
    public String baseUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https://" : "http://") + h + ":" + port;
    }

    /** The control base URI, e.g. {@code http://127.0.0.1:8444}. */
    public String controlUri() {
        return "http://127.0.0.1:" + controlPort;
    }
}
