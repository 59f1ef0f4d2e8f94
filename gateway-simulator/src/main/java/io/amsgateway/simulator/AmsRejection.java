package io.amsgateway.simulator;

import io.amsgateway.core.error.ResultStatus;
import io.amsgateway.core.protocol.AlipayResult;

/** A request failed one of Alipay's checks; carries the result to answer with. Stackless. */
final class AmsRejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final AlipayResult METHOD_NOT_SUPPORTED =
            f("METHOD_NOT_SUPPORTED", "The server does not implement the requested HTTP method.");
    static final AlipayResult MEDIA_TYPE_NOT_ACCEPTABLE = f(
            "MEDIA_TYPE_NOT_ACCEPTABLE",
            "The server does not implement the media type that is acceptable to the client.");
    static final AlipayResult CLIENT_INVALID =
            f("CLIENT_INVALID", "The client ID is invalid. Alipay has restrictions on the client ID.");
    static final AlipayResult KEY_NOT_FOUND =
            f("KEY_NOT_FOUND", "The private key or public key of Alipay or the merchant is not found.");
    static final AlipayResult INVALID_SIGNATURE = f("INVALID_SIGNATURE", "The signature is not validated.");
    /**
     * An API key that is unknown, revoked or malformed. Alipay's code for this is not published in
     * the material available to this project; the simulator's choice.
     */
    static final AlipayResult INVALID_API_KEY = f("INVALID_API_KEY", "The API key is invalid or has been revoked.");
    /** A TEST key on a production path or a PROD key on a sandbox path (the simulator's choice of code). */
    static final AlipayResult API_KEY_ENVIRONMENT_MISMATCH =
            f("ACCESS_DENIED", "TEST API keys are for /ams/sandbox/api/ paths and PROD keys for /ams/api/ paths.");
    /** An API key together with an Agent-Token (the simulator's choice of code). */
    static final AlipayResult API_KEY_WITH_AGENT_TOKEN =
            f("PARAM_ILLEGAL", "An API key cannot be combined with Agent-Token.");

    static final AlipayResult DECRYPTION_FAILED = f("PARAM_ILLEGAL", "The encrypted request could not be decrypted.");

    private final transient AlipayResult result;

    AmsRejection(AlipayResult result) {
        super(result.resultCode(), null, false, false);
        this.result = result;
    }

    AlipayResult result() {
        return result;
    }

    private static AlipayResult f(String code, String message) {
        return new AlipayResult(code, ResultStatus.F, message);
    }
}
