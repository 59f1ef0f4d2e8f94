package io.amsgateway.server.config;

import java.net.URI;

/**
 * {@code gateway.tracing}: span export with OpenTelemetry (OTLP over HTTP), off by default.
 *
 * @param enabled whether spans are recorded and exported
 * @param endpoint the OTLP/HTTP traces endpoint, e.g. {@code http://collector:4318/v1/traces}
 * @param sampleRatio the share of new traces recorded, 0.0 to 1.0
 * @param serviceName the resource's {@code service.name}
 */
public record TracingConfig(boolean enabled, URI endpoint, double sampleRatio, String serviceName) {
    /** Tracing off. */
    public static final TracingConfig OFF =
            new TracingConfig(false, URI.create("http://localhost:4318/v1/traces"), 1.0, "ams-gateway");
}
