package io.amsgateway.core.protocol;

import io.amsgateway.core.crypto.SignatureAlgorithm;

/**
 * Proof that a message verified: which of the peer's key versions signed it, with which
 * algorithm. The gateway reports the key version to its caller.
 */
public record VerifiedMessage(int keyVersion, SignatureAlgorithm algorithm) {}
