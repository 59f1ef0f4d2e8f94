package io.amsgateway.bench.load;

/**
 * What a run was: when, on what machine, the gateway's transport and crypto (from its start-up
 * log line), the load generator's transport, the body size, and the crypto floor measured before
 * and after the load, and nginx's version (or why nginx did not run).
 */
record RunInfo(
        String started,
        String machine,
        String gatewayCrypto,
        String transport,
        int bodySize,
        CryptoFloor.Result floorStart,
        CryptoFloor.Result floorEnd,
        String nginx) {}
