package io.amsgateway.server.metrics;

/** Histogram bucket bounds in seconds, shared by the gateway's metrics. */
final class Buckets {
    /** Whole calls, upstream round trips, key loads and Vault requests: 0.5 ms to 10 s. */
    static final double[] CALL = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Signing and verifying: local RSA is ~10-250 us, Vault Transit a network round trip. */
    static final double[] CRYPTO = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1
    };

    private Buckets() {}
}
